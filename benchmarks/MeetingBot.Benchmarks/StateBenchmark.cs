using System.Diagnostics;
using System.Globalization;
using MeetingBot.State;
using Microsoft.Bot.Builder.Adapters;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Options;
using Activity = Microsoft.Bot.Schema.Activity;
using MeetingBot.Channels.BotFramework.DialogState;
using MeetingBot.Conversation;

namespace MeetingBot.Benchmarks;

/// <summary>
/// Pushes distinct conversations (each with its own user) through the in-memory state layer the bot uses by default:
/// ConversationState and UserState over <see cref="BoundedMemoryStorage"/>, with the bot's own state types (a form
/// opened and submitted, the last meeting ID). Prints the process's RSS as it goes: it must stay flat once the bound
/// is reached. Run alone (<c>--only state</c>) so its memory is not mixed with the turn benchmark's.
/// </summary>
public static class StateBenchmark
{
    private const int Workers = 4;

    public static async Task RunAsync(int conversations)
    {
        var options = new StateOptions();
        using var storage = new BoundedMemoryStorage(Options.Create(options), TimeProvider.System, StateTypes.ForTheBot());
        var conversationState = new ConversationState(storage);
        var userState = new UserState(storage);
        var conversationData = conversationState.CreateProperty<ConversationData>(nameof(ConversationData));
        var userProfile = userState.CreateProperty<UserProfile>(nameof(UserProfile));
        var adapter = new TestAdapter();

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"State: {conversations:N0} distinct conversations through ConversationState + UserState over BoundedMemoryStorage (bound {options.MaxInMemoryEntries:N0} entries, {Workers} workers)"));
        Console.WriteLine("conversations  entries held  RSS (MB)  managed heap (MB)  elapsed (s)");

        var clock = Stopwatch.StartNew();
        var next = -1;
        var peakAfterBound = 0L;
        var rssAtBound = 0L;
        var reportEvery = Math.Max(conversations / 20, 1);
        var gate = new Lock();

        async Task Worker()
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < conversations)
            {
                var turn = new TurnContext(adapter, Message(i));
                var data = await conversationData.GetAsync(turn, () => new ConversationData());
                data.WelcomeSent = true;
                var formId = data.Forms.Open(capacity: 50);
                data.Forms.TryClose(formId, FormStatus.Submitted, capacity: 50);
                var profile = await userProfile.GetAsync(turn, () => new UserProfile());
                profile.LastMeetingId = "986030665";
                await conversationState.SaveChangesAsync(turn);
                await userState.SaveChangesAsync(turn);

                if ((i + 1) % reportEvery == 0)
                {
                    lock (gate)
                    {
                        var rss = Rss();
                        if (i + 1 >= options.MaxInMemoryEntries)
                        {
                            rssAtBound = rssAtBound == 0 ? rss : rssAtBound;
                            peakAfterBound = Math.Max(peakAfterBound, rss);
                        }

                        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                            $"{i + 1,13:N0}  {storage.Count,12:N0}  {rss / 1_048_576,8:N0}  {GC.GetTotalMemory(false) / 1_048_576,17:N0}  {clock.Elapsed.TotalSeconds,11:N1}"));
                    }
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, Workers).Select(_ => Task.Run(Worker)));

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RSS once the bound was reached: first {rssAtBound / 1_048_576:N0} MB, peak {peakAfterBound / 1_048_576:N0} MB (goal: under 400 MB); {conversations / clock.Elapsed.TotalSeconds:N0} conversations/s"));
    }

    private static Activity Message(int i) => new()
    {
        Type = ActivityTypes.Message,
        ChannelId = "msteams",
        Id = $"activity-{i}",
        Text = "help",
        ServiceUrl = "https://smba.trafficmanager.net/amer/",
        Conversation = new ConversationAccount { Id = $"a:1conversation-{i:D8}-Zu5s8ZXmqVhQ4cG0bP1nY7", ConversationType = "personal", TenantId = "72f988bf-86f1-41af-91ab-2d7cd011db47" },
        From = new ChannelAccount { Id = $"29:1user-{i:D8}-9a8Kc2yQpZr7T6bLm3VwXe", AadObjectId = Guid.NewGuid().ToString() },
        Recipient = new ChannelAccount { Id = "28:meetingbot" },
    };

    private static long Rss()
    {
        using var process = Process.GetCurrentProcess();
        return process.WorkingSet64;
    }
}
