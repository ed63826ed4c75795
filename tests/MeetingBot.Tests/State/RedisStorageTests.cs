using MeetingBot.Channels.BotFramework.DialogState;
using MeetingBot.Conversation;
using MeetingBot.State;
using MeetingBot.Tests.State.Contracts;
using Microsoft.Bot.Builder;
using Microsoft.Extensions.Options;
using Newtonsoft.Json;
using StackExchange.Redis;

namespace MeetingBot.Tests.State;

public sealed class RedisStorageContractTests : AtomicBatchStorageContract, IClassFixture<RedisServer>, IAsyncLifetime
{
    private readonly RedisServer _server;
    private ConnectionMultiplexer? _redis;
    private IStorage? _storage;

    public RedisStorageContractTests(RedisServer server) => _server = server;

    protected override IStorage Storage => _storage!;

    public async Task InitializeAsync()
    {
        await _server.FlushAsync();
        _redis = await ConnectionMultiplexer.ConnectAsync(_server.ConnectionString);
        _storage = new RedisStorage(_redis, Options.Create(new StateOptions()), new StateTypes(typeof(StorageContract).Assembly));
    }

    public async Task DisposeAsync() => await _redis!.DisposeAsync();
}

public sealed class RedisStorageTests(RedisServer server) : IClassFixture<RedisServer>, IAsyncLifetime
{
    private ConnectionMultiplexer? _replicaA;
    private ConnectionMultiplexer? _replicaB;

    public async Task InitializeAsync()
    {
        await server.FlushAsync();
        _replicaA = await ConnectionMultiplexer.ConnectAsync(server.ConnectionString);
        _replicaB = await ConnectionMultiplexer.ConnectAsync(server.ConnectionString);
    }

    public async Task DisposeAsync()
    {
        await _replicaA!.DisposeAsync();
        await _replicaB!.DisposeAsync();
    }

    [Fact]
    public async Task Each_write_sets_the_idle_expiry_again()
    {
        var storage = new RedisStorage(_replicaA!, Options.Create(new StateOptions { IdleExpiry = TimeSpan.FromDays(30) }), StateTypes.ForTheBot());
        var key = RedisStorage.KeyPrefix + "msteams/conversations/c1";

        await storage.WriteAsync(new Dictionary<string, object> { ["msteams/conversations/c1"] = new Dictionary<string, object> { ["n"] = 1 } });
        await _replicaA!.GetDatabase().KeyExpireAsync(key, TimeSpan.FromMinutes(1));
        await storage.WriteAsync(new Dictionary<string, object> { ["msteams/conversations/c1"] = new Dictionary<string, object> { ["n"] = 2 } });

        var timeToLive = await _replicaA.GetDatabase().KeyTimeToLiveAsync(key);
        Assert.NotNull(timeToLive);
        Assert.InRange(timeToLive.Value, TimeSpan.FromDays(30) - TimeSpan.FromMinutes(1), TimeSpan.FromDays(30));
    }

    [Fact]
    public async Task A_write_based_on_what_another_replica_replaced_is_refused()
    {
        var types = new StateTypes(typeof(StorageContract).Assembly);
        var onA = new RedisStorage(_replicaA!, Options.Create(new StateOptions()), types);
        var onB = new RedisStorage(_replicaB!, Options.Create(new StateOptions()), types);
        await onA.WriteAsync(new Dictionary<string, object> { ["shared"] = new StorageContract.Note { Text = "A" } });
        var seenByA = await onA.ReadAsync(["shared"]);
        var seenByB = await onB.ReadAsync(["shared"]);

        await onB.WriteAsync(seenByB);
        var refused = await Assert.ThrowsAsync<ArgumentException>(() => onA.WriteAsync(seenByA));

        Assert.StartsWith("Etag conflict", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_document_naming_a_type_that_is_no_state_type_is_refused_not_instantiated()
    {
        var storage = new RedisStorage(_replicaA!, Options.Create(new StateOptions()), StateTypes.ForTheBot());
        var planted = RedisStorage.LocationOf("planted");
        await _replicaA!.GetDatabase().HashSetAsync(planted.Hash,
        [
            new HashEntry(planted.ETagField, string.Empty),
            new HashEntry(planted.DocumentField, "{\"$type\":\"System.IO.FileInfo, System.Private.CoreLib\",\"OriginalPath\":\"/etc/passwd\"}"),
        ]);

        var refused = await Assert.ThrowsAsync<JsonSerializationException>(() => storage.ReadAsync(["planted"]));

        Assert.IsType<InvalidOperationException>(refused.InnerException);
    }

    [Fact]
    public async Task A_conversation_document_names_its_type_once_not_on_each_form_it_remembers()
    {
        var storage = new RedisStorage(_replicaA!, Options.Create(new StateOptions()), StateTypes.ForTheBot());
        var conversation = new ConversationData();
        for (var i = 0; i < 3; i++)
        {
            conversation.Forms.TryClose($"card-{i}/986030671", FormStatus.Submitted, capacity: 50);
        }

        await storage.WriteAsync(new Dictionary<string, object> { ["c1"] = conversation });

        var location = RedisStorage.LocationOf("c1");
        var stored = (string)(await _replicaA!.GetDatabase().HashGetAsync(location.Hash, location.DocumentField))!;
        Assert.Equal(1, CountOf("\"$type\"", stored));
        var read = Assert.IsType<ConversationData>((await storage.ReadAsync(["c1"]))["c1"]);
        Assert.Equal(["card-0/986030671", "card-1/986030671", "card-2/986030671"], read.Forms.Entries.Select(e => e.FormId));
        Assert.All(read.Forms.Entries, e => Assert.Equal(FormStatus.Submitted, e.Status));
        Assert.Null(conversation.ETag);
        Assert.False(string.IsNullOrEmpty(read.ETag));
    }

    [Fact]
    public async Task A_document_stored_with_a_type_on_every_object_as_before_reads_back_the_same()
    {
        var storage = new RedisStorage(_replicaA!, Options.Create(new StateOptions()), StateTypes.ForTheBot());
        var before = new ConversationData { WelcomeSent = true, ETag = "etag-1" };
        before.Forms.Open(capacity: 50);
        var everyType = new JsonSerializer { TypeNameHandling = TypeNameHandling.All };
        var document = Newtonsoft.Json.Linq.JObject.FromObject(before, everyType).ToString(Formatting.None);
        Assert.True(CountOf("\"$type\"", document) > 2, document);
        var location = RedisStorage.LocationOf("old");
        await _replicaA!.GetDatabase().HashSetAsync(location.Hash, [new HashEntry(location.ETagField, "etag-1"), new HashEntry(location.DocumentField, document)]);

        var read = Assert.IsType<ConversationData>((await storage.ReadAsync(["old"]))["old"]);

        Assert.True(read.WelcomeSent);
        Assert.Equal(before.Forms.Entries.Single().FormId, read.Forms.Entries.Single().FormId);
        Assert.Equal(FormStatus.Open, read.Forms.Entries.Single().Status);
    }

    [Fact]
    public async Task A_type_planted_inside_a_document_is_refused_as_at_its_top()
    {
        var storage = new RedisStorage(_replicaA!, Options.Create(new StateOptions()), StateTypes.ForTheBot());
        var planted = RedisStorage.LocationOf("planted-inside");
        await _replicaA!.GetDatabase().HashSetAsync(planted.Hash,
        [
            new HashEntry(planted.ETagField, string.Empty),
            new HashEntry(planted.DocumentField,
                "{\"$type\":\"MeetingBot.Conversation.ConversationData, MeetingBot\",\"Forms\":{\"Entries\":[{\"$type\":\"System.IO.FileInfo, System.Private.CoreLib\",\"OriginalPath\":\"/etc/passwd\"}]}}"),
        ]);

        var refused = await Assert.ThrowsAsync<JsonSerializationException>(() => storage.ReadAsync(["planted-inside"]));

        Assert.IsType<InvalidOperationException>(refused.InnerException);
    }

    private static int CountOf(string what, string text) => (text.Length - text.Replace(what, string.Empty, StringComparison.Ordinal).Length) / what.Length;
}
