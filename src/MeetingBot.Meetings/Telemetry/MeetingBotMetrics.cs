using System.Diagnostics;
using System.Diagnostics.Metrics;
using MeetingBot.Meetings.Activation;

namespace MeetingBot.Meetings.Telemetry;

/// <summary>
/// Every instrument of the <c>MeetingBot</c> meter, and the one-line calls that record them. One per host (a singleton),
/// its meter created by the host's <see cref="IMeterFactory"/>, so a listener can tell this host's measurements from
/// another's in the same process (tests run many hosts at once). A call costs next to nothing until a listener listens.
/// Every attribute value comes from a fixed set (see <see cref="TelemetryValues"/>): never a user id, meeting id, token,
/// password or free text.
/// </summary>
public sealed class MeetingBotMetrics
{
    public const string MeterName = MeetingBotTracing.SourceName;

    public const string ActivationsName = "meetingbot.activations";
    public const string ActivationDurationName = "meetingbot.activation.duration";
    public const string HuaweiRequestsName = "meetingbot.huawei.requests";
    public const string HuaweiDurationName = "meetingbot.huawei.duration";
    public const string TokenLookupsName = "meetingbot.token.lookups";
    public const string SignInsName = "meetingbot.signins";
    public const string RefusalsName = "meetingbot.refusals";
    public const string DeliveriesPendingName = "meetingbot.deliveries.pending";
    public const string TurnsName = "meetingbot.turns";

    private readonly Counter<long> activations;
    private readonly Histogram<double> activationDuration;
    private readonly Counter<long> huaweiRequests;
    private readonly Histogram<double> huaweiDuration;
    private readonly Counter<long> tokenLookups;
    private readonly Counter<long> signIns;
    private readonly Counter<long> refusals;
    private readonly Counter<long> turns;
    private long pendingDeliveries;

    /// <param name="meterFactory">The host's factory, which also disposes the meter with the host.</param>
    public MeetingBotMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        activations = meter.CreateCounter<long>(
            ActivationsName, "{activation}", "Activation attempts, by outcome and channel.");
        activationDuration = meter.CreateHistogram<double>(
            ActivationDurationName, "s", "How long an activation attempt took, refusals included.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 12, 20] });
        huaweiRequests = meter.CreateCounter<long>(
            HuaweiRequestsName, "{request}", "Requests sent to Huawei Cloud Meeting (each network attempt), by endpoint and answer.");
        huaweiDuration = meter.CreateHistogram<double>(
            HuaweiDurationName, "s", "How long Huawei Cloud Meeting took to answer one request.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 12] });
        tokenLookups = meter.CreateCounter<long>(
            TokenLookupsName, "{lookup}", "Look-ups of a user's cached Huawei access token: hit or miss.");
        signIns = meter.CreateCounter<long>(
            SignInsName, "{signin}", "App ID authentications with Huawei (after retries), by result.");
        refusals = meter.CreateCounter<long>(
            RefusalsName, "{refusal}", "Requests the bot refused itself, by reason.");
        // Observed (not added to) so that it is exported as 0 from the start: a dashboard panel never shows "no data".
        meter.CreateObservableUpDownCounter(
            DeliveriesPendingName, () => Interlocked.Read(ref pendingDeliveries), "{delivery}",
            "Activation outcomes waiting to be delivered after the turn answered.");
        turns = meter.CreateCounter<long>(
            TurnsName, "{turn}", "Turns (Bot Framework activities and Slack slash commands), by channel, activity type and result.");
    }

    /// <param name="outcome">An <see cref="ActivationOutcome"/> name, or the audit's <c>Cancelled</c>/<c>Failed</c>.</param>
    public void ActivationFinished(string outcome, string? channelId, TimeSpan duration)
    {
        var tags = new TagList
        {
            { "outcome", TelemetryValues.Outcome(outcome) },
            { "channel", TelemetryValues.Channel(channelId) },
        };
        activations.Add(1, tags);
        activationDuration.Record(duration.TotalSeconds, tags);
        Activity.Current?.SetTag("meetingbot.outcome", tags[0].Value);
    }

    /// <param name="statusCode">Huawei's HTTP status, or null when no answer came (timeout, network failure).</param>
    /// <param name="errorCode">Huawei's <c>error_code</c>, or <c>timeout</c>/<c>unreachable</c> when no answer came.</param>
    public void HuaweiAnswered(string endpoint, int? statusCode, string? errorCode, TimeSpan duration)
    {
        huaweiRequests.Add(
            1,
            new KeyValuePair<string, object?>("endpoint", endpoint),
            new KeyValuePair<string, object?>("status_code", TelemetryValues.StatusCode(statusCode)),
            new KeyValuePair<string, object?>("error_code", TelemetryValues.ErrorCode(errorCode)));
        huaweiDuration.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("endpoint", endpoint));
    }

    public void TokenLookedUp(bool hit) =>
        tokenLookups.Add(1, new KeyValuePair<string, object?>("result", hit ? "hit" : "miss"));

    /// <param name="result"><c>success</c>, or why Huawei's App ID authentication failed (see <see cref="TelemetryValues.SignInResults"/>).</param>
    public void SignedIn(string result) =>
        signIns.Add(1, new KeyValuePair<string, object?>("result", TelemetryValues.OneOf(result, TelemetryValues.SignInResults)));

    public void Refused(RefusalReason reason) =>
        refusals.Add(1, new KeyValuePair<string, object?>("reason", TelemetryValues.Reason(reason)));

    /// <summary>Counts <paramref name="delivery"/> as pending until it completes, however it completes.</summary>
    public void TrackPendingDelivery(Task delivery)
    {
        Interlocked.Increment(ref pendingDeliveries);
        delivery.ContinueWith(_ => Interlocked.Decrement(ref pendingDeliveries), CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    public void TurnFinished(string? channelId, string? activityType, bool succeeded) =>
        turns.Add(
            1,
            new KeyValuePair<string, object?>("channel", TelemetryValues.Channel(channelId)),
            new KeyValuePair<string, object?>("activity_type", TelemetryValues.ActivityType(activityType)),
            new KeyValuePair<string, object?>("result", succeeded ? "ok" : "error"));
}

/// <summary>Why the bot itself refused a request (<c>meetingbot.refusals</c>).</summary>
public enum RefusalReason
{
    /// <summary>Too many wrong ID/password answers for this meeting.</summary>
    LockedOut,

    /// <summary>The user's own attempt limit.</summary>
    UserRateLimit,

    /// <summary>Held locally while Huawei's announced rate limit lasts.</summary>
    HuaweiHold,

    /// <summary>The activity's tenant is not in <c>Bot:AllowedTenants</c>.</summary>
    TenantNotAllowed,
}
