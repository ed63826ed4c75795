using MeetingBot.Meetings;
using MeetingBot.Meetings.Tokens;
using MeetingBot.State.AccessTokens;
using Microsoft.Extensions.Options;

namespace MeetingBot.Tests.State.Contracts;

/// <summary>
/// What every <see cref="IAccessTokenStore"/> must do, each rule written once: a token reads back whole until its time
/// to live ends (never past it), under its own key only; no time to live means not stored; removed is gone; a token
/// Huawei rejected is dropped only while it is still the current one. Steps land on <see cref="Replica.A"/> or
/// <see cref="Replica.B"/>. Runs against <see cref="MemoryAccessTokenStore"/> (<see cref="MemoryAccessTokenStoreContractTests"/>),
/// <see cref="RedisAccessTokenStore"/> without a local copy (<see cref="RedisAccessTokenStoreTests"/>, with encryption at
/// rest and the TTL in Redis) and with one (<see cref="RedisAccessTokenStoreLocalCopyTests"/>, with what the copy saves).
/// Neither store takes a <see cref="TimeProvider"/> (a MemoryCache and Redis expire on the wall clock), so the time to
/// live is waited for, through <see cref="Poll"/>.
/// Not here, because a replica's local copy may serve a token another replica removed until Huawei rejects it there too:
/// a removal seen on a replica that had read the token.
/// </summary>
public abstract class AccessTokenStoreContract
{
    private const string Key = "msteams|tenant|user-1";

    private static DateTimeOffset InAnHour => DateTimeOffset.UtcNow.AddHours(1);

    /// <summary>The store on <paramref name="replica"/>.</summary>
    protected abstract Task<IAccessTokenStore> StoreAsync(Replica replica);

    [Fact]
    public async Task Unknown_keys_read_as_absent()
    {
        var (a, b) = await StoresAsync();

        Assert.Null(await a.GetAsync("nobody-stored-this", CancellationToken.None));
        Assert.Null(await b.GetAsync("nobody-stored-this", CancellationToken.None));
    }

    [Fact]
    public async Task A_stored_token_reads_back_whole_everywhere()
    {
        var (a, b) = await StoresAsync();
        var token = new AccessToken("sbx-token-0123456789abcdef0123456789abcdef", new DateTimeOffset(2026, 11, 26, 14, 0, 0, TimeSpan.Zero));

        await a.SetAsync(Key, token, TimeSpan.FromMinutes(50), CancellationToken.None);

        Assert.Equal(token, await a.GetAsync(Key, CancellationToken.None));
        Assert.Equal(token, await b.GetAsync(Key, CancellationToken.None));
    }

    [Fact]
    public async Task One_users_token_is_never_returned_for_another_nor_for_the_same_user_id_in_another_tenant()
    {
        var (a, b) = await StoresAsync();
        var alice = new ChatUser("msteams", "tenant-a", "29:alice");
        var bob = new ChatUser("msteams", "tenant-a", "29:bob");
        var aliceElsewhere = new ChatUser("msteams", "tenant-b", "29:alice");

        await a.SetAsync(alice.CacheKey, new AccessToken("alice-token", InAnHour), TimeSpan.FromHours(1), CancellationToken.None);

        Assert.Equal("alice-token", (await b.GetAsync(alice.CacheKey, CancellationToken.None))!.Value);
        foreach (var store in new[] { a, b })
        {
            Assert.Null(await store.GetAsync(bob.CacheKey, CancellationToken.None));
            Assert.Null(await store.GetAsync(aliceElsewhere.CacheKey, CancellationToken.None));
        }
    }

    [Fact]
    public async Task A_token_with_no_time_to_live_left_is_not_stored()
    {
        var (a, b) = await StoresAsync();

        await a.SetAsync("none-left", new AccessToken("t", InAnHour), TimeSpan.Zero, CancellationToken.None);
        await a.SetAsync("past", new AccessToken("t", InAnHour), TimeSpan.FromSeconds(-1), CancellationToken.None);

        foreach (var store in new[] { a, b })
        {
            Assert.Null(await store.GetAsync("none-left", CancellationToken.None));
            Assert.Null(await store.GetAsync("past", CancellationToken.None));
        }
    }

    [Fact]
    public async Task A_removed_token_is_gone()
    {
        var (a, b) = await StoresAsync();
        await a.SetAsync(Key, new AccessToken("t", InAnHour), TimeSpan.FromHours(1), CancellationToken.None);

        await a.RemoveAsync(Key, CancellationToken.None);

        Assert.Null(await a.GetAsync(Key, CancellationToken.None));
        Assert.Null(await b.GetAsync(Key, CancellationToken.None));
    }

    [Fact]
    public async Task A_newer_token_replaces_the_one_before()
    {
        var (a, b) = await StoresAsync();
        var fresh = new AccessToken("token-fresh", InAnHour);
        await a.SetAsync(Key, new AccessToken("token-old", InAnHour), TimeSpan.FromMinutes(50), CancellationToken.None);

        await a.SetAsync(Key, fresh, TimeSpan.FromMinutes(50), CancellationToken.None);

        Assert.Equal(fresh, await a.GetAsync(Key, CancellationToken.None));
        Assert.Equal(fresh, await b.GetAsync(Key, CancellationToken.None));
    }

    [Fact]
    public async Task A_rejected_token_is_dropped_but_a_newer_one_stored_meanwhile_stays()
    {
        var (a, b) = await StoresAsync();
        var old = new AccessToken("token-old", InAnHour);
        var fresh = new AccessToken("token-fresh", InAnHour);
        await a.SetAsync(Key, old, TimeSpan.FromMinutes(50), CancellationToken.None);
        Assert.Equal(old, await b.GetAsync(Key, CancellationToken.None));

        await a.RemoveIfCurrentAsync(Key, old, CancellationToken.None);
        Assert.Null(await a.GetAsync(Key, CancellationToken.None));
        await a.SetAsync(Key, fresh, TimeSpan.FromMinutes(50), CancellationToken.None);
        await b.RemoveIfCurrentAsync(Key, old, CancellationToken.None);

        Assert.Equal(fresh, await b.GetAsync(Key, CancellationToken.None));
        Assert.Equal(fresh, await a.GetAsync(Key, CancellationToken.None));
    }

    [Fact]
    public async Task A_token_is_not_served_past_its_time_to_live_where_it_was_stored_or_read_and_the_others_stay()
    {
        var (a, b) = await StoresAsync();
        var lasting = new AccessToken("token-lasting", InAnHour);
        await a.SetAsync("lasting", lasting, TimeSpan.FromHours(1), CancellationToken.None);

        // Usable for an hour by its own word, but stored for 300 ms only; B reads it (if still there) as soon as it is stored.
        await a.SetAsync(Key, new AccessToken("token-brief", InAnHour), TimeSpan.FromMilliseconds(300), CancellationToken.None);
        await b.GetAsync(Key, CancellationToken.None);

        // Well under any local copy's lifetime (a minute): a copy kept for that long fails here.
        await Poll.UntilAsync(
            async () => await a.GetAsync(Key, CancellationToken.None) is null && await b.GetAsync(Key, CancellationToken.None) is null,
            TimeSpan.FromSeconds(10),
            "the token's time to live to end on A and on B");
        Assert.Equal(lasting, await a.GetAsync("lasting", CancellationToken.None));
        Assert.Equal(lasting, await b.GetAsync("lasting", CancellationToken.None));
    }

    private async Task<(IAccessTokenStore A, IAccessTokenStore B)> StoresAsync() => (await StoreAsync(Replica.A), await StoreAsync(Replica.B));
}

/// <summary>
/// The contract on <see cref="MemoryAccessTokenStore"/>: one process, so A and B are the same store. (Its size bound:
/// MemoryAccessTokenStoreTests.)
/// </summary>
public sealed class MemoryAccessTokenStoreContractTests : AccessTokenStoreContract, IDisposable
{
    private readonly MemoryAccessTokenStore _store = new(Options.Create(new HuaweiMeetingOptions()));

    protected override Task<IAccessTokenStore> StoreAsync(Replica replica) => Task.FromResult<IAccessTokenStore>(_store);

    public void Dispose() => _store.Dispose();
}
