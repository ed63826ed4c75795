using MeetingBot.Meetings.Huawei;
using MeetingBot.Meetings.Tokens;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MeetingBot.Meetings.Activation;

/// <summary>
/// The last stage: starts the meeting at Huawei with the asking user's own access token (a rejected token is replaced
/// once), in the user's Huawei enterprise.
/// </summary>
internal sealed class StartMeetingStage(
    IHuaweiMeetingApi api,
    AccessTokenProvider tokens,
    HuaweiEnterpriseDirectory enterprises,
    IOptions<HuaweiMeetingOptions> options,
    TimeProvider timeProvider,
    ILogger<StartMeetingStage> logger) : IMeetingActivationService
{
    public async Task<ActivationResult> ActivateAsync(ChatUser user, MeetingCredentials meeting, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (enterprises.For(user) is not { } enterprise)
        {
            logger.LogWarning("{UserKey} belongs to a tenant mapped to no Huawei enterprise ({ConfigurationKey}); not activating",
                user.CacheKey, $"{HuaweiMeetingOptions.SectionName}:Enterprises");
            return Result(ActivationOutcome.OrganisationNotConnected, meeting.MeetingId);
        }

        if (HuaweiUserId.For(user, settings.UserIdSource) is not { } huaweiUserId)
        {
            logger.LogWarning("{UserKey} has no identity usable as Huawei userId under {UserIdSource}; not activating", user.CacheKey, settings.UserIdSource);
            return Result(ActivationOutcome.NotPermitted, meeting.MeetingId);
        }

        var result = await StartAsync(new SignInSubject(user, enterprise, huaweiUserId), meeting.MeetingId, meeting.Password, cancellationToken);
        // The audit event is the attempt's log line; this is the detail behind it.
        logger.LogDebug("Activation of meeting {MeetingId} for {UserKey}: {Outcome} {ErrorCode} (request {RequestId})",
            result.MeetingId, user.CacheKey, result.Outcome, result.ErrorCode, result.RequestId);
        return result;
    }

    public Task SignOutAsync(ChatUser user, CancellationToken cancellationToken)
    {
        if (enterprises.For(user) is not { } enterprise)
        {
            // Not connected: no token was ever issued to forget.
            return Task.CompletedTask;
        }

        logger.LogInformation("Forgetting the Huawei token of {UserKey}", user.CacheKey);
        return tokens.ForgetAsync(SignInSubject.KeyFor(user, enterprise), cancellationToken);
    }

    private async Task<ActivationResult> StartAsync(SignInSubject subject, string conferenceId, string password, CancellationToken cancellationToken)
    {
        var call = await tokens.CallAsync(
            subject, (token, cancellation) => api.StartConferenceAsync(token, conferenceId, password, cancellation), cancellationToken);
        if (call.SignInFailure is { } authFailure)
        {
            return Failure(ActivationErrorMapping.ForAuthentication(authFailure), conferenceId, authFailure);
        }

        var answer = call.Answer!;
        if (answer.Value is { RegionIp: { Length: > 0 } regionIp })
        {
            return Result(ActivationOutcome.Activated, conferenceId) with { RegionIp = regionIp, RequestId = answer.RequestId };
        }

        var failure = answer.Failure ?? new HuaweiFailure(HuaweiFailureKind.MalformedResponse, 200, null, answer.RequestId);
        return Failure(ActivationErrorMapping.ForStart(failure), conferenceId, failure);
    }

    private ActivationResult Failure(ActivationOutcome outcome, string conferenceId, HuaweiFailure failure) =>
        Result(outcome, conferenceId) with
        {
            ErrorCode = failure.ErrorCode,
            RequestId = failure.RequestId,
            RetryAfter = outcome == ActivationOutcome.RateLimited ? failure.RetryAfter : null,
        };

    private ActivationResult Result(ActivationOutcome outcome, string meetingId) => new()
    {
        Outcome = outcome,
        MeetingId = meetingId,
        CompletedAt = timeProvider.GetUtcNow(),
    };
}
