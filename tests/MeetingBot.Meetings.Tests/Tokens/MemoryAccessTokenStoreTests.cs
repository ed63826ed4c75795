using MeetingBot.Meetings.Tests.Support;
using MeetingBot.Meetings.Tokens;
using MeetingBot.State.AccessTokens;

namespace MeetingBot.Meetings.Tests.Tokens;

/// <summary>
/// What only the in-memory store does: stay within its size limit. The rules every token store keeps are the access
/// token store contract's (tests/MeetingBot.Tests/State/Contracts).
/// </summary>
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
}
