using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Adapters;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;

namespace MeetingBot.Tests.State.Contracts;

/// <summary>
/// What every <see cref="IStorage"/> of ours must do, in the manner of botbuilder-dotnet's StorageBaseTests: the SDK's
/// own MemoryStorage runs these too, as the reference. ETags are checked for store items only; a stale write is refused
/// with the SDK's exception (ArgumentException, "Etag conflict") and changes nothing; <c>*</c> overwrites.
/// </summary>
public abstract class StorageContract
{
    protected abstract IStorage Storage { get; }

    [Fact]
    public async Task Unknown_keys_read_as_absent()
    {
        var found = await Storage.ReadAsync(["nobody-wrote-this"]);

        Assert.Empty(found);
    }

    [Fact]
    public async Task Created_items_read_back_and_store_items_get_an_ETag()
    {
        await Storage.WriteAsync(new Dictionary<string, object>
        {
            ["plain"] = new Counter { Name = "one", Count = 1 },
            ["item"] = new Note { Text = "two", Count = 2 },
        });

        var found = await Storage.ReadAsync(["plain", "item"]);

        Assert.Equal(("one", 1), (As<Counter>(found, "plain").Name, As<Counter>(found, "plain").Count));
        var item = As<Note>(found, "item");
        Assert.Equal(("two", 2), (item.Text, item.Count));
        Assert.False(string.IsNullOrEmpty(item.ETag));
    }

    [Fact]
    public async Task Items_read_back_as_the_types_written_so_that_changing_them_changes_bot_state()
    {
        await Storage.WriteAsync(new Dictionary<string, object>
        {
            ["plain"] = new Counter { Count = 1 },
            ["item"] = new Note { Text = "two" },
            ["state"] = new Dictionary<string, object> { ["Counter"] = new Counter { Count = 3 } },
        });

        var found = await Storage.ReadAsync(["plain", "item", "state"]);

        Assert.Equal(1, Assert.IsType<Counter>(found["plain"]).Count);
        Assert.Equal("two", Assert.IsType<Note>(found["item"]).Text);
        var state = Assert.IsType<Dictionary<string, object>>(found["state"]);
        Assert.Equal(3, Assert.IsType<Counter>(state["Counter"]).Count);
    }

    [Fact]
    public async Task A_write_with_the_current_ETag_succeeds_and_gets_a_new_ETag()
    {
        await Storage.WriteAsync(One("item", new Note { Text = "first" }));
        var read = As<Note>(await Storage.ReadAsync(["item"]), "item");

        read.Text = "second";
        await Storage.WriteAsync(One("item", read));

        var reread = As<Note>(await Storage.ReadAsync(["item"]), "item");
        Assert.Equal("second", reread.Text);
        Assert.False(string.IsNullOrEmpty(reread.ETag));
        Assert.NotEqual(read.ETag, reread.ETag);
    }

    [Fact]
    public async Task A_stale_write_is_refused_with_the_SDK_exception_and_changes_nothing()
    {
        await Storage.WriteAsync(One("item", new Note { Text = "first" }));
        var stale = As<Note>(await Storage.ReadAsync(["item"]), "item");
        var fresh = As<Note>(await Storage.ReadAsync(["item"]), "item");
        fresh.Text = "winner";
        await Storage.WriteAsync(One("item", fresh));

        stale.Text = "loser";
        var refused = await Assert.ThrowsAnyAsync<Exception>(() => Storage.WriteAsync(One("item", stale)));

        Assert.IsType<ArgumentException>(refused);
        Assert.StartsWith("Etag conflict", refused.Message, StringComparison.Ordinal);
        Assert.Equal("winner", As<Note>(await Storage.ReadAsync(["item"]), "item").Text);
    }

    [Fact]
    public async Task A_store_item_without_an_ETag_or_with_an_empty_one_does_not_overwrite_a_stored_one()
    {
        await Storage.WriteAsync(One("item", new Note { Text = "kept" }));

        await Assert.ThrowsAnyAsync<Exception>(() => Storage.WriteAsync(One("item", new Note { Text = "no etag" })));
        await Assert.ThrowsAnyAsync<Exception>(() => Storage.WriteAsync(One("item", new Note { Text = "empty etag", ETag = string.Empty })));

        Assert.Equal("kept", As<Note>(await Storage.ReadAsync(["item"]), "item").Text);
    }

    [Fact]
    public async Task The_wildcard_ETag_overwrites_whatever_is_stored()
    {
        await Storage.WriteAsync(One("item", new Note { Text = "first" }));

        await Storage.WriteAsync(One("item", new Note { Text = "forced", ETag = "*" }));

        var read = As<Note>(await Storage.ReadAsync(["item"]), "item");
        Assert.Equal("forced", read.Text);
        Assert.NotEqual("*", read.ETag);
    }

    [Fact]
    public async Task Values_without_an_ETag_are_written_whatever_is_stored()
    {
        await Storage.WriteAsync(One("plain", new Counter { Count = 1 }));
        await Storage.WriteAsync(One("plain", new Counter { Count = 2 }));

        Assert.Equal(2, As<Counter>(await Storage.ReadAsync(["plain"]), "plain").Count);
    }

    [Fact]
    public async Task Of_two_writers_holding_the_same_ETag_exactly_one_wins()
    {
        await Storage.WriteAsync(One("item", new Note { Text = "start" }));
        var etag = As<Note>(await Storage.ReadAsync(["item"]), "item").ETag;

        var writers = Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
        {
            try
            {
                await Storage.WriteAsync(One("item", new Note { Text = $"writer {i}", ETag = etag }));
                return true;
            }
            catch (Exception e) when (e.Message.StartsWith("Etag conflict", StringComparison.Ordinal))
            {
                return false;
            }
        }));

        Assert.Single(await Task.WhenAll(writers), won => won);
    }

    [Fact]
    public async Task Of_two_writers_creating_the_same_item_exactly_one_wins()
    {
        var writers = Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
        {
            try
            {
                await Storage.WriteAsync(One("new", new Note { Text = $"writer {i}" }));
                return true;
            }
            catch (Exception e) when (e.Message.StartsWith("Etag conflict", StringComparison.Ordinal))
            {
                return false;
            }
        }));

        Assert.Single(await Task.WhenAll(writers), won => won);
    }

    [Fact]
    public async Task Deleted_items_are_gone_and_deleting_unknown_keys_is_harmless()
    {
        await Storage.WriteAsync(new Dictionary<string, object> { ["a"] = new Note { Text = "a" }, ["b"] = new Counter { Count = 1 } });

        await Storage.DeleteAsync(["a", "b", "never-written"]);

        Assert.Empty(await Storage.ReadAsync(["a", "b"]));
    }

    [Fact]
    public async Task A_batch_writes_every_item_and_a_read_returns_only_the_keys_that_exist()
    {
        var batch = Enumerable.Range(0, 20).ToDictionary(i => $"batch/{i}", i => (object)new Counter { Count = i });

        await Storage.WriteAsync(batch);
        var found = await Storage.ReadAsync([.. batch.Keys, "batch/missing"]);

        Assert.Equal(20, found.Count);
        Assert.All(Enumerable.Range(0, 20), i => Assert.Equal(i, As<Counter>(found, $"batch/{i}").Count));
    }

    [Fact]
    public async Task Odd_keys_and_text_that_looks_like_a_date_round_trip_exactly()
    {
        const string key = "msteams/conversations/a:1!@#$%^&*()~/\\><,.?';\"`~ 会议";
        await Storage.WriteAsync(One(key, new Counter { Name = "2026-11-26T12:00:00Z", Count = 3 }));

        var read = As<Counter>(await Storage.ReadAsync([key]), key);

        Assert.Equal("2026-11-26T12:00:00Z", read.Name);
    }

    [Fact]
    public async Task A_changed_property_object_is_saved_without_setting_it_again()
    {
        var conversationState = new ConversationState(Storage);
        var note = conversationState.CreateProperty<Note>("note");
        var adapter = new TestAdapter().Use(new AutoSaveStateMiddleware(conversationState));

        await new TestFlow(adapter, async (turn, cancellationToken) =>
            {
                (await note.GetAsync(turn, () => new Note(), cancellationToken)).Count++;
                var again = await note.GetAsync(turn, () => new Note(), cancellationToken);
                await turn.SendActivityAsync(MessageFactory.Text($"count {again.Count}"), cancellationToken);
            })
            .Send("one").AssertReply("count 1")
            .Send("two").AssertReply("count 2")
            .StartTestAsync();
    }

    [Fact]
    public async Task Bot_state_is_kept_from_one_turn_to_the_next()
    {
        var userState = new UserState(Storage);
        var note = userState.CreateProperty<Counter>("note");
        var adapter = new TestAdapter().Use(new AutoSaveStateMiddleware(userState));

        await new TestFlow(adapter, async (turn, cancellationToken) =>
            {
                var counter = await note.GetAsync(turn, () => new Counter(), cancellationToken);
                counter.Count++;
                await turn.SendActivityAsync(MessageFactory.Text($"turn {counter.Count}"), cancellationToken);
            })
            .Send("one").AssertReply("turn 1")
            .Send("two").AssertReply("turn 2")
            .StartTestAsync();
    }

    protected static Dictionary<string, object> One(string key, object value) => new() { [key] = value };

    protected static T As<T>(IDictionary<string, object> found, string key) => JObject.FromObject(found[key]).ToObject<T>()!;

    public sealed class Counter
    {
        public string? Name { get; set; }

        public int Count { get; set; }
    }

    public sealed class Note : IStoreItem
    {
        public string? Text { get; set; }

        public int Count { get; set; }

        public string? ETag { get; set; }
    }
}

/// <summary>
/// What our storages promise beyond the SDK's MemoryStorage (which stops a batch at its first conflict): a batch is
/// written whole or not at all, so a save of conversation and user state together is never half done.
/// </summary>
public abstract class AtomicBatchStorageContract : StorageContract
{
    [Fact]
    public async Task A_batch_with_one_stale_item_writes_none_of_it()
    {
        await Storage.WriteAsync(new Dictionary<string, object> { ["first"] = new Note { Text = "first" }, ["second"] = new Note { Text = "second" } });
        var read = await Storage.ReadAsync(["first", "second"]);
        var overtaken = As<Note>(await Storage.ReadAsync(["second"]), "second");
        overtaken.Text = "another turn";
        await Storage.WriteAsync(One("second", overtaken));

        var first = As<Note>(read, "first");
        var second = As<Note>(read, "second");
        (first.Text, second.Text) = ("stale batch", "stale batch");
        var refused = await Assert.ThrowsAsync<ArgumentException>(() => Storage.WriteAsync(new Dictionary<string, object>
        {
            ["first"] = first,
            ["plain"] = new Counter { Count = 1 },
            ["second"] = second,
        }));

        Assert.Contains("'second'", refused.Message, StringComparison.Ordinal);
        var after = await Storage.ReadAsync(["first", "plain", "second"]);
        Assert.Equal("first", As<Note>(after, "first").Text);
        Assert.False(after.ContainsKey("plain"));
        Assert.Equal("another turn", As<Note>(after, "second").Text);
    }

    [Fact]
    public async Task A_batch_may_delete_and_write_together()
    {
        await Storage.WriteAsync(One("gone", new Counter { Count = 1 }));

        await Storage.WriteAsync(new Dictionary<string, object> { ["gone"] = null!, ["kept"] = new Note { Text = "kept" } });

        var found = await Storage.ReadAsync(["gone", "kept"]);
        Assert.Equal(["kept"], found.Keys);
    }
}

/// <summary>The SDK's own MemoryStorage: proves the contract states the SDK's rules, not ours.</summary>
public sealed class SdkMemoryStorageContractTests : StorageContract
{
    protected override IStorage Storage { get; } = new MemoryStorage();
}
