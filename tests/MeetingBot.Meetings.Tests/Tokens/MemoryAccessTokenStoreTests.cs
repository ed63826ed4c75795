using MeetingBot.Meetings.Tests.Support;
using MeetingBot.Meetings.Tokens;
using MeetingBot.State.AccessTokens;

namespace MeetingBot.Meetings.Tests.Tokens;

public class MemoryAccessTokenStoreTests
{
    private static readonly DateTimeOffset Later = DateTimeOffset.UtcNow.AddHours(1);

    [Fact]
    public async Task The_store_is_bounded_by_its_size_limit()
    {
        using var store = new MemoryAccessTokenStore(Services.Options(o => o.TokenCacheSizeLimit = 5));

        for (var i = 0; i < 1_000; i++)
        {
            await store.SetAsync($"user-{i}", new AccessToken($"t{i}", Later), TimeSpan.FromHours(1), CancellationToken.None);
        }

        Assert.InRange(store.Count, 1, 5);
    }

    [Fact]
    public async Task One_users_token_is_never_returned_for_another()
    {
        using var store = new MemoryAccessTokenStore(Services.Options());
        var alice = new ChatUser("msteams", "tenant-a", "29:alice");
        var bob = new ChatUser("msteams", "tenant-a", "29:bob");
        var aliceElsewhere = new ChatUser("msteams", "tenant-b", "29:alice");

        await store.SetAsync(alice.CacheKey, new AccessToken("alice-token", Later), TimeSpan.FromHours(1), CancellationToken.None);

        Assert.Equal("alice-token", (await store.GetAsync(alice.CacheKey, CancellationToken.None))!.Value);
        Assert.Null(await store.GetAsync(bob.CacheKey, CancellationToken.None));
        Assert.Null(await store.GetAsync(aliceElsewhere.CacheKey, CancellationToken.None));
    }

    [Fact]
    public async Task Remove_forgets_the_token()
    {
        using var store = new MemoryAccessTokenStore(Services.Options());
        await store.SetAsync("k", new AccessToken("t", Later), TimeSpan.FromHours(1), CancellationToken.None);

        await store.RemoveAsync("k", CancellationToken.None);

        Assert.Null(await store.GetAsync("k", CancellationToken.None));
    }

    [Fact]
    public async Task A_token_with_no_time_to_live_is_not_stored()
    {
        using var store = new MemoryAccessTokenStore(Services.Options());

        await store.SetAsync("k", new AccessToken("t", Later), TimeSpan.Zero, CancellationToken.None);

        Assert.Null(await store.GetAsync("k", CancellationToken.None));
    }
}
