using MeetingBot.Testing;
using MeetingBot.Channels.BotFramework.DialogState;
using MeetingBot.Conversation;
using MeetingBot.State;
using MeetingBot.Tests.State;
using Microsoft.Bot.Builder.Adapters;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace MeetingBot.Tests.Bot;

/// <summary>
/// The dialog's state across replicas: each replica has its own <see cref="ConversationGate"/> and its own storage
/// client; they share one store (a real redis-server, or one <see cref="BoundedMemoryStorage"/>). A save based on what
/// another replica replaced is refused and the decision is made again on fresh state.
/// </summary>
public sealed class BotStateMemoryTests(RedisServer server) : IClassFixture<RedisServer>, IAsyncLifetime
{
    private const int Capacity = 200;
    private const string Redis = "redis";
    private const string Memory = "memory";

    private readonly List<IAsyncDisposable> connections = [];
    private readonly BoundedMemoryStorage sharedMemory = new(Options.Create(new StateOptions()), TimeProvider.System, StateTypes.ForTheBot());

    public static TheoryData<string> Stores => [Redis, Memory];

    public Task InitializeAsync() => server.FlushAsync();

    public async Task DisposeAsync()
    {
        foreach (var connection in connections)
        {
            await connection.DisposeAsync();
        }

        sharedMemory.Dispose();
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_form_closed_by_another_replica_while_this_one_decided_is_decided_again_and_found_used(string store)
    {
        var (a, b) = (await ReplicaAsync(store), await ReplicaAsync(store));
        var turn = Turn();
        var formId = await OpenFormAsync(a, turn);
        var seenByA = new List<FormStatus?>();

        // A reads the open form; before A saves, B (another replica, its own gate) submits the same form completely.
        var stepOnA = await Task.Run(() => a.Memory(turn).DecideAsync((conversation, _) =>
        {
            seenByA.Add(conversation.Forms.StatusOf(formId));
            if (seenByA.Count == 1)
            {
                var stepOnB = Task.Run(() => b.Memory(turn).DecideAsync((fresh, _) => Submit(formId, fresh), CancellationToken.None)).GetAwaiter().GetResult();
                Assert.IsType<ActivateStep>(stepOnB);
            }

            return Submit(formId, conversation);
        }, CancellationToken.None));

        Assert.Equal([FormStatus.Open, FormStatus.Submitted], seenByA);
        Assert.IsType<AlreadyUsedReply>(Assert.IsType<ReplyStep>(stepOnA).Reply);
        Assert.Equal(FormStatus.Submitted, (await ReadConversationAsync(a, turn)).Forms.StatusOf(formId));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Each_of_twenty_forms_submitted_on_two_replicas_at_once_is_activated_once(string store)
    {
        var (a, b) = (await ReplicaAsync(store), await ReplicaAsync(store));
        var turn = Turn();

        for (var form = 0; form < 20; form++)
        {
            var formId = await OpenFormAsync(a, turn);
            using var start = new Barrier(2);
            var steps = await Task.WhenAll(new[] { a, b }.Select(replica => Task.Run(() =>
            {
                start.SignalAndWait();
                return replica.Memory(turn).DecideAsync((conversation, _) => Submit(formId, conversation), CancellationToken.None);
            })));

            Assert.Single(steps, step => step is ActivateStep);
            Assert.Single(steps, step => step is ReplyStep { Reply: AlreadyUsedReply });
        }
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Saves_from_two_replicas_to_one_new_conversation_and_user_lose_no_update(string store)
    {
        var (a, b) = (await ReplicaAsync(store), await ReplicaAsync(store));
        var turn = Turn();

        // Forty turns at once, half on each replica, each opening a form and noting a meeting ID for the user.
        var opened = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(async () =>
        {
            string? formId = null;
            await (i % 2 == 0 ? a : b).Memory(turn).DecideAsync((conversation, user) =>
            {
                formId = conversation.Forms.Open(Capacity);
                user.LastMeetingId = $"{i}";
                return new ReplyStep(new HelpReply(NotUnderstood: false));
            }, CancellationToken.None);
            return formId!;
        })));

        var conversation = await ReadConversationAsync(b, turn);
        Assert.Equal(40, opened.Distinct().Count());
        Assert.All(opened, formId => Assert.Equal(FormStatus.Open, conversation.Forms.StatusOf(formId)));
        Assert.Equal(40, conversation.Forms.Entries.Count);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_turn_overtaken_at_every_attempt_fails_loudly_after_the_bounded_attempts(string store)
    {
        var (a, b) = (await ReplicaAsync(store), await ReplicaAsync(store));
        var turn = Turn();
        await OpenFormAsync(a, turn);
        var attempts = 0;

        var failure = await Assert.ThrowsAsync<DialogStateContendedException>(() => Task.Run(() => a.Memory(turn).DecideAsync((conversation, _) =>
        {
            attempts++;
            // Another replica saves this conversation between every read and save of A.
            var overtaking = new ConversationData { Forms = new FormLedger() };
            overtaking.Forms.Open(Capacity);
            overtaking.ETag = "*";
            b.Storage.WriteAsync(new Dictionary<string, object> { [BotStateMemory.ConversationKey(turn)] = overtaking }).GetAwaiter().GetResult();
            conversation.Forms.Open(Capacity);
            return new ReplyStep(new HelpReply(NotUnderstood: false));
        }, CancellationToken.None)));

        Assert.Equal(BotStateMemory.MaxAttempts, attempts);
        Assert.StartsWith("Etag conflict", failure.InnerException?.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task The_welcome_is_marked_once_across_replicas(string store)
    {
        var (a, b) = (await ReplicaAsync(store), await ReplicaAsync(store));
        var turn = Turn();
        using var start = new Barrier(2);

        var marked = await Task.WhenAll(new[] { a, b }.Select(replica => Task.Run(() =>
        {
            start.SignalAndWait();
            return replica.Memory(turn).MarkWelcomeSentAsync(CancellationToken.None);
        })));

        Assert.Single(marked, first => first);
    }

    [Fact]
    public async Task An_activation_decision_is_one_Redis_command_to_read_and_one_to_save_and_a_used_form_only_the_read()
    {
        var replica = await ReplicaAsync(Redis);
        var turn = Turn();
        var formId = await OpenFormAsync(replica, turn);
        // Warm up: the client sends a script in full the first time, by its hash afterwards.
        await OpenFormAsync(replica, turn);

        var activation = await CountRedisCommandsAsync(replica, () => replica.Memory(turn).DecideAsync((conversation, _) => Submit(formId, conversation), CancellationToken.None));
        var used = await CountRedisCommandsAsync(replica, () => replica.Memory(turn).DecideAsync((conversation, _) => Submit(formId, conversation), CancellationToken.None));

        Assert.Equal(2, activation.Count);
        Assert.Equal(activation[0], Assert.Single(used));
    }

    [Fact]
    public async Task After_Redis_forgot_its_scripts_as_on_a_restart_state_is_still_read_and_saved()
    {
        var replica = await ReplicaAsync(Redis);
        var turn = Turn();
        var formId = await OpenFormAsync(replica, turn);

        await server.SendAsync("SCRIPT FLUSH", "+OK");
        var step = await replica.Memory(turn).DecideAsync((conversation, _) => Submit(formId, conversation), CancellationToken.None);

        Assert.IsType<ActivateStep>(step);
        Assert.Equal(FormStatus.Submitted, (await ReadConversationAsync(replica, turn)).Forms.StatusOf(formId));
    }

    private static DialogStep Submit(string formId, ConversationData conversation) =>
        conversation.Forms.TryClose(formId, FormStatus.Submitted, Capacity)
            ? new ActivateStep(TypedActivation.Credentials("986030665", "never-stored"))
            : new ReplyStep(new AlreadyUsedReply());

    private static async Task<string> OpenFormAsync(Replica replica, ITurnContext turn)
    {
        string? formId = null;
        await replica.Memory(turn).DecideAsync((conversation, _) =>
        {
            formId = conversation.Forms.Open(Capacity);
            return new ReplyStep(new HelpReply(NotUnderstood: false));
        }, CancellationToken.None);
        return formId!;
    }

    private static async Task<ConversationData> ReadConversationAsync(Replica replica, ITurnContext turn)
    {
        var key = BotStateMemory.ConversationKey(turn);
        return Assert.IsType<ConversationData>((await replica.Storage.ReadAsync([key]))[key]);
    }

    private static TurnContext Turn() => new TurnContext(new TestAdapter(), new Activity
    {
        Type = ActivityTypes.Message,
        ChannelId = "webchat",
        Conversation = new ConversationAccount { Id = $"conversation-{Guid.NewGuid():N}" },
        From = new ChannelAccount { Id = $"user-{Guid.NewGuid():N}" },
    });

    private async Task<Replica> ReplicaAsync(string store)
    {
        if (store == Memory)
        {
            return new Replica(sharedMemory, new ConversationGate(), null);
        }

        var connection = await ConnectionMultiplexer.ConnectAsync(server.ConnectionString);
        connections.Add(connection);
        return new Replica(new RedisStorage(connection, Options.Create(new StateOptions()), StateTypes.ForTheBot()), new ConversationGate(), connection);
    }

    private static async Task<List<string>> CountRedisCommandsAsync(Replica replica, Func<Task> action)
    {
        var session = new StackExchange.Redis.Profiling.ProfilingSession();
        replica.Connection!.RegisterProfiler(() => session);
        await action();
        replica.Connection.RegisterProfiler(() => null);
        return [.. session.FinishProfiling().Select(command => command.Command)];
    }

    /// <summary>One replica's view: its storage client and its own in-process gate.</summary>
    private sealed record Replica(IStorage Storage, ConversationGate Gate, ConnectionMultiplexer? Connection)
    {
        public BotStateMemory Memory(ITurnContext turn) => new(turn, Storage, Gate, NullLogger.Instance);
    }
}
