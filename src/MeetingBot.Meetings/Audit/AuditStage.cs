using MeetingBot.Meetings.Activation;
using MeetingBot.Meetings.Telemetry;
using Microsoft.Extensions.Logging;

namespace MeetingBot.Meetings.Audit;

/// <summary>
/// Writes one structured event per activation attempt to the <c>MeetingBot.Audit</c> log category: who (tenant,
/// channel, user, AAD object id), which meeting, the outcome, Huawei's error code and request id, and the latency.
/// Enough to answer "who started this meeting"; never the password or a token. Each attempt is also counted
/// (<c>meetingbot.activations</c>), and so is each refusal of the activation guard (<c>meetingbot.refusals</c>): its
/// outcomes come from the guard only.
/// </summary>
public sealed class AuditStage(
    IMeetingActivationService inner,
    ILoggerFactory loggerFactory,
    TimeProvider time,
    MeetingBotMetrics metrics) : IMeetingActivationService
{
    public const string Category = "MeetingBot.Audit";

    public static readonly EventId ActivationAttempt = new(7001, nameof(ActivationAttempt));

    private const string Template =
        "Activation attempt {Outcome} for meeting {MeetingId} by user {UserId} (AAD {AadObjectId}) in tenant {TenantId} on {ChannelId}; " +
        "Huawei request {RequestId}, error {ErrorCode}, {LatencyMs} ms";

    private readonly ILogger _logger = loggerFactory.CreateLogger(Category);

    public async Task<ActivationResult> ActivateAsync(ChatUser user, MeetingCredentials meeting, CancellationToken cancellationToken)
    {
        using var span = MeetingBotTracing.StartActivation(user.ChannelId);
        var started = time.GetTimestamp();
        try
        {
            var result = await inner.ActivateAsync(user, meeting, cancellationToken) with { Reference = MeetingBotTracing.CurrentTraceId() };
            if (GuardRefusal(result.Outcome) is { } refusal)
            {
                metrics.Refused(refusal);
            }

            Write(LevelOf(result.Outcome), null, result.Outcome.ToString(), user, result.MeetingId, result.RequestId, result.ErrorCode, started);
            return result;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Write(LogLevel.Information, null, "Cancelled", user, meeting.MeetingId, null, null, started);
            throw;
        }
        catch (Exception exception)
        {
            Write(LogLevel.Error, exception, "Failed", user, meeting.MeetingId, null, null, started);
            throw;
        }
    }

    public Task SignOutAsync(ChatUser user, CancellationToken cancellationToken) => inner.SignOutAsync(user, cancellationToken);

    private static RefusalReason? GuardRefusal(ActivationOutcome outcome) => outcome switch
    {
        ActivationOutcome.LockedOut => RefusalReason.LockedOut,
        ActivationOutcome.TooManyAttempts or ActivationOutcome.TooManyAtOnce => RefusalReason.UserRateLimit,
        _ => null,
    };

    private static LogLevel LevelOf(ActivationOutcome outcome) =>
        outcome is ActivationOutcome.LockedOut or ActivationOutcome.RateLimited or ActivationOutcome.TooManyAttempts or ActivationOutcome.TooManyAtOnce
            ? LogLevel.Warning
            : LogLevel.Information;

    private void Write(LogLevel level, Exception? exception, string outcome, ChatUser user, string meetingId, string? requestId, string? errorCode, long started)
    {
        var elapsed = time.GetElapsedTime(started);
        metrics.ActivationFinished(outcome, user.ChannelId, elapsed);
        var latencyMs = (long)elapsed.TotalMilliseconds;
        _logger.Log(
            level,
            ActivationAttempt,
            exception,
            Template,
            outcome,
            AuditText.MeetingId(meetingId),
            AuditText.Clip(user.UserId),
            AuditText.Clip(user.AadObjectId),
            AuditText.Clip(user.TenantId),
            AuditText.Clip(user.ChannelId),
            AuditText.Clip(requestId),
            AuditText.Clip(errorCode),
            latencyMs);
    }
}
