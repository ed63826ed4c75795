using MeetingBot.Channels.BotFramework.DialogState;
using MeetingBot.State;
using MeetingBot.Tests.State.Contracts;
using Microsoft.Bot.Builder;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace MeetingBot.Tests.State;

public sealed class BoundedMemoryStorageContractTests : AtomicBatchStorageContract, IDisposable
{
    private readonly BoundedMemoryStorage _storage = new(Options.Create(new StateOptions()), TimeProvider.System, new StateTypes(typeof(StorageContract).Assembly));

    protected override IStorage Storage => _storage;

    public void Dispose() => _storage.Dispose();
}

public sealed class BoundedMemoryStorageTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task An_entry_is_forgotten_after_the_idle_expiry_and_each_write_starts_it_again()
    {
        using var storage = Create(new StateOptions { IdleExpiry = TimeSpan.FromDays(30) });
        await storage.WriteAsync(One("kept", 1));
        await storage.WriteAsync(One("idle", 1));

        _time.Advance(TimeSpan.FromDays(29));
        await storage.WriteAsync(One("kept", 2));
        _time.Advance(TimeSpan.FromDays(2));

        var found = await storage.ReadAsync(["kept", "idle"]);
        Assert.Equal(["kept"], found.Keys);
    }

    [Fact]
    public async Task At_most_the_bound_is_kept_the_least_recently_used_go_first_and_no_write_is_dropped()
    {
        using var storage = Create(new StateOptions { MaxInMemoryEntries = 100 });
        await storage.WriteAsync(One("busy", 0));

        for (var i = 0; i < 1_000; i++)
        {
            await storage.WriteAsync(One($"conversation/{i}", i));
            Assert.Single(await storage.ReadAsync([$"conversation/{i}"]));
            if (i % 10 == 0)
            {
                Assert.Single(await storage.ReadAsync(["busy"]));
            }

            Assert.True(storage.Count <= 100, $"{storage.Count} entries held, bound 100");
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Empty(await storage.ReadAsync(["conversation/0", "conversation/500"]));
        Assert.Single(await storage.ReadAsync(["busy"]));
    }

    private BoundedMemoryStorage Create(StateOptions options) => new(Options.Create(options), _time, StateTypes.ForTheBot());

    private static Dictionary<string, object> One(string key, int count) => new() { [key] = new Dictionary<string, object> { ["count"] = count } };
}
