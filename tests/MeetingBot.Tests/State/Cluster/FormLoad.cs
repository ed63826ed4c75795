using System.Collections.Concurrent;
using Stopwatch = System.Diagnostics.Stopwatch;
using MeetingBot.Cards;
using MeetingBot.Sandbox;
using MeetingBot.Testing;
using MeetingBot.Tests.Infrastructure;
using Microsoft.Bot.Schema;

namespace MeetingBot.Tests.State.Cluster;

/// <summary>What one turn of the load got back.</summary>
public enum FormOutcome
{
    Activated,
    AlreadyUsed,
    Unavailable,

    /// <summary>Anything else: an apology for a bug, an error status, an exception.</summary>
    Failed,
}

/// <summary>One form of the load: opened on one host, submitted there, submitted again on the other.</summary>
public sealed record FormRound(TimeSpan SentAt, TimeSpan AnsweredAt, FormOutcome Submit, FormOutcome? Resubmit, string Detail)
{
    public override string ToString() => $"{SentAt.TotalSeconds:F2}-{AnsweredAt.TotalSeconds:F2} s: submit {Submit}, resubmit {Resubmit?.ToString() ?? "-"} {Detail}";
}

/// <summary>
/// Whole activation turns, continuously, by a few workers until <see cref="StopAsync"/>: each round a new user opens a
/// form on one host, submits it there, and submits the same form again on the other host (which must say "already used").
/// </summary>
public sealed class FormLoad(IReadOnlyList<MeetingBotApplication> hosts)
{
    private const string MeetingId = HuaweiSimulatorOptions.DemoMeetingId;
    private const string Password = HuaweiSimulatorOptions.DemoPassword;

    private readonly ConcurrentQueue<FormRound> _rounds = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _workers = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private int _sent;

    public IReadOnlyCollection<FormRound> Rounds => _rounds;

    /// <summary>Time since the load was made, the clock of <see cref="FormRound"/>.</summary>
    public TimeSpan Now => _clock.Elapsed;

    /// <summary>Returns once <paramref name="count"/> more forms have been answered than when it was called.</summary>
    public Task AnsweredAsync(int count, string what)
    {
        var target = _rounds.Count + count;
        return Poll.UntilAsync(() => _rounds.Count >= target, TimeSpan.FromSeconds(120), what);
    }

    public void Start(int workers)
    {
        for (var i = 0; i < workers; i++)
        {
            _workers.Add(Task.Run(WorkAsync));
        }
    }

    public async Task<IReadOnlyList<FormRound>> StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_workers);
        _stop.Dispose();
        return [.. _rounds.OrderBy(round => round.SentAt)];
    }

    public static FormOutcome Classify(IReadOnlyList<Activity> replies)
    {
        var texts = replies.Cards().SelectMany(card => card.TextBlocks()).Concat(replies.Texts()).ToList();
        if (texts.Any(text => text.Contains(HuaweiSimulatorOptions.DemoRegionIp, StringComparison.Ordinal)))
        {
            return FormOutcome.Activated;
        }

        if (texts.Any(text => text.Contains("already used", StringComparison.Ordinal)))
        {
            return FormOutcome.AlreadyUsed;
        }

        return texts.Any(text => text.Contains("temporarily unavailable", StringComparison.Ordinal)) ? FormOutcome.Unavailable : FormOutcome.Failed;
    }

    public static string Describe(IReadOnlyList<Activity> replies) =>
        string.Join(" | ", replies.Cards().SelectMany(card => card.TextBlocks()).Concat(replies.Texts()));

    private async Task WorkAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var n = Interlocked.Increment(ref _sent);
            var first = hosts[n % hosts.Count];
            var second = hosts[(n + 1) % hosts.Count];
            var sentAt = Now;
            FormRound round;
            try
            {
                round = await RoundAsync(first, second, sentAt);
            }
#pragma warning disable CA1031 // Whatever went wrong is recorded as a failed round, for the test to report.
            catch (Exception e)
#pragma warning restore CA1031
            {
                round = new FormRound(sentAt, Now, FormOutcome.Failed, null, e.GetType().Name + ": " + e.Message);
            }

            _rounds.Enqueue(round);
        }
    }

    private async Task<FormRound> RoundAsync(MeetingBotApplication first, MeetingBotApplication second, TimeSpan sentAt)
    {
        var onFirst = first.Conversation(ActivityFixtures.WebChat);
        var opened = await onFirst.SendTextAsync("activate");
        var form = opened.Cards().FirstOrDefault(card => card.Descendants().OfType<Newtonsoft.Json.Linq.JObject>()
            .Any(o => (string?)o["data"]?[CardData.Verb] == CardVerbs.Activate));
        if (form is null)
        {
            var outcome = Classify(opened);
            return new FormRound(sentAt, Now, outcome == FormOutcome.Unavailable ? outcome : FormOutcome.Failed, null, "no form: " + Describe(opened));
        }

        var submitted = await onFirst.ClickAsync(form.Action(CardVerbs.Activate), FormInputs.Of(MeetingId, Password));
        var submit = Classify(submitted);
        var answeredAt = Now;
        if (submit != FormOutcome.Activated)
        {
            return new FormRound(sentAt, answeredAt, submit, null, Describe(submitted));
        }

        var resubmitted = await onFirst.Through(second).ClickAsync(form.Action(CardVerbs.Activate), FormInputs.Of(MeetingId, Password));
        return new FormRound(sentAt, answeredAt, submit, Classify(resubmitted), Describe(resubmitted));
    }
}
