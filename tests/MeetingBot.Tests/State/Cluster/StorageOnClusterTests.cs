using MeetingBot.Channels.BotFramework.DialogState;
using MeetingBot.Conversation;
using MeetingBot.State;
using MeetingBot.Testing;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Adapters;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace MeetingBot.Tests.State.Cluster;

/// <summary>Every rule of the storage contract, for <see cref="RedisStorage"/> on a Redis Cluster of three masters.</summary>
[Collection(OnRedisCluster.Name)]
public sealed class RedisStorageOnClusterContractTests(RedisCluster cluster) : AtomicBatchStorageContract, IAsyncLifetime
{
    private ConnectionMultiplexer? _redis;
    private IStorage? _storage;

    protected override IStorage Storage => _storage!;

    public async Task InitializeAsync()
    {
        _redis = await cluster.EmptyAndConnectAsync();
        _storage = new RedisStorage(_redis, Options.Create(new StateOptions()), new StateTypes(typeof(StorageContract).Assembly));
    }

    public async Task DisposeAsync() => await _redis!.DisposeAsync();
}

/// <summary>
/// The dialog's state on a Redis Cluster: a turn's conversation and user state are one key, read with one command and
/// saved with one script, so a save stays whole and ETag-checked on a cluster; conversations spread over the masters.
/// </summary>
[Collection(OnRedisCluster.Name)]
public sealed class StorageOnClusterTests(RedisCluster cluster) : IAsyncLifetime
{
    private const int Capacity = 200;
    private ConnectionMultiplexer? _replicaA;
    private ConnectionMultiplexer? _replicaB;

    public async Task InitializeAsync()
    {
        _replicaA = await cluster.EmptyAndConnectAsync();
        _replicaB = await ConnectionMultiplexer.ConnectAsync(cluster.ConnectionString);
    }

    public async Task DisposeAsync()
    {
        await _replicaA!.DisposeAsync();
        await _replicaB!.DisposeAsync();
    }

    [Fact]
    public async Task A_form_submitted_on_two_replicas_at_once_activates_once_and_the_turns_state_is_one_key()
    {
        var (a, b) = (Storage(_replicaA!), Storage(_replicaB!));
        var turn = Turn("conversation-1");
        string? formId = null;
        await Memory(turn, a).DecideAsync((conversation, user) =>
        {
            formId = conversation.Forms.Open(Capacity);
            user.LastMeetingId = "986030665";
            return new ReplyStep(new HelpReply(NotUnderstood: false));
        }, CancellationToken.None);
        using var start = new Barrier(2);
        var steps = await Task.WhenAll(new[] { a, b }.Select(storage => Task.Run(() =>
        {
            start.SignalAndWait();
            return Memory(turn, storage).DecideAsync((conversation, user) => Submit(formId!, conversation, user), CancellationToken.None);
        })));

        Assert.Single(steps, step => step is ActivateStep);
        Assert.Single(steps, step => step is ReplyStep { Reply: AlreadyUsedReply });
        Assert.Equal(RedisStorage.KeyPrefix + BotStateMemory.ConversationKey(turn), Assert.Single(await StateKeysAsync()));
        var read = await b.ReadAsync([BotStateMemory.ConversationKey(turn), BotStateMemory.UserKey(turn)]);
        Assert.Equal("986030665", Assert.IsType<UserProfile>(read[BotStateMemory.UserKey(turn)]).LastMeetingId);
    }

    [Fact]
    public async Task An_activation_decision_is_one_command_to_read_and_one_to_save()
    {
        var storage = Storage(_replicaA!);
        var turn = Turn("conversation-1");
        string? formId = null;
        await Memory(turn, storage).DecideAsync((conversation, _) =>
        {
            formId = conversation.Forms.Open(Capacity);
            return new ReplyStep(new HelpReply(NotUnderstood: false));
        }, CancellationToken.None);
        var commands = new StackExchange.Redis.Profiling.ProfilingSession();
        _replicaA!.RegisterProfiler(() => commands);

        var step = await Memory(turn, storage).DecideAsync((conversation, user) => Submit(formId!, conversation, user), CancellationToken.None);

        Assert.IsType<ActivateStep>(step);
        var sent = commands.FinishProfiling().Select(command => command.Command).ToList();
        Assert.Equal(2, sent.Count);
        Assert.Equal("HMGET", sent[0]);
        Assert.StartsWith("EVAL", sent[1], StringComparison.Ordinal); // EVAL, or EVALSHA once the script is known

    }

    [Fact]
    public async Task A_batch_spanning_two_conversations_is_refused_before_anything_is_written()
    {
        var storage = Storage(_replicaA!);

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => storage.WriteAsync(new Dictionary<string, object>
        {
            ["msteams/conversations/one"] = new ConversationData(),
            ["msteams/conversations/two"] = new ConversationData(),
        }));

        Assert.Contains("one conversation", refused.Message, StringComparison.Ordinal);
        Assert.Empty(await StateKeysAsync());
    }

    [Fact]
    public async Task Conversations_spread_over_the_masters_each_with_its_users_in_one_key()
    {
        var storage = Storage(_replicaA!);
        for (var i = 0; i < 30; i++)
        {
            var turn = Turn($"conversation-{i}");
            await Memory(turn, storage).DecideAsync((conversation, user) =>
            {
                conversation.Forms.Open(Capacity);
                user.LastMeetingId = $"{i}";
                return new ReplyStep(new HelpReply(NotUnderstood: false));
            }, CancellationToken.None);
        }

        Assert.Equal(30, (await StateKeysAsync()).Count);
        Assert.All(await cluster.KeysPerMasterAsync(), count => Assert.True(count > 0, "a master holds no conversation"));
    }

    private static RedisStorage Storage(ConnectionMultiplexer redis) => new(redis, Options.Create(new StateOptions()), StateTypes.ForTheBot());

    private static BotStateMemory Memory(ITurnContext turn, IStorage storage) => new(turn, storage, new ConversationGate(), NullLogger.Instance);

    private static DialogStep Submit(string formId, ConversationData conversation, UserProfile user)
    {
        if (!conversation.Forms.TryClose(formId, FormStatus.Submitted, Capacity))
        {
            return new ReplyStep(new AlreadyUsedReply());
        }

        user.LastMeetingId = "986030665";
        return new ActivateStep(TypedActivation.Credentials("986030665", "never-stored"));
    }

    private static TurnContext Turn(string conversationId) => new(new TestAdapter(), new Activity
    {
        Type = ActivityTypes.Message,
        ChannelId = "webchat",
        Conversation = new ConversationAccount { Id = conversationId },
        From = new ChannelAccount { Id = "user-1" },
    });

    private async Task<List<string>> StateKeysAsync()
    {
        var keys = new List<string>();
        foreach (var server in _replicaA!.GetServers())
        {
            await foreach (var key in server.KeysAsync(pattern: RedisStorage.KeyPrefix + "*"))
            {
                keys.Add(key.ToString());
            }
        }

        return keys;
    }
}
