namespace MeetingBot.Meetings.Activation;

/// <summary>What became of one activation attempt. Every value but <see cref="Activated"/> is a failure a user can act on.</summary>
public enum ActivationOutcome
{
    /// <summary>The meeting was started; the result carries its region IP.</summary>
    Activated,

    /// <summary>The meeting ID or password broke the input rules; nothing was sent to Huawei.</summary>
    InvalidInput,

    /// <summary>Huawei rejected the meeting ID / password pair.</summary>
    WrongMeetingIdOrPassword,

    /// <summary>No meeting with that ID exists (or it has ended).</summary>
    MeetingNotFound,

    /// <summary>The user or the app is not allowed to start this meeting.</summary>
    NotPermitted,

    /// <summary>Huawei Cloud Meeting said too many requests (its 429 or throttling code); try again after <see cref="ActivationResult.RetryAfter"/>.</summary>
    RateLimited,

    /// <summary>
    /// The user made more attempts than this bot allows per minute (<c>Protection:AttemptsPerMinute</c>); refused without
    /// calling Huawei, try again after <see cref="ActivationResult.RetryAfter"/>.
    /// </summary>
    TooManyAttempts,

    /// <summary>
    /// The user already has an activation running and the most this bot lets wait behind it
    /// (<c>Protection:MaxQueuedAttemptsPerUser</c>); refused without calling Huawei.
    /// </summary>
    TooManyAtOnce,

    /// <summary>Too many wrong ID/password answers (for this meeting, or across meetings); refused without calling Huawei until <see cref="ActivationResult.RetryAfter"/> has passed.</summary>
    LockedOut,

    /// <summary>
    /// Service-provider mode: the user's organisation (tenant or Slack team) is not mapped to a Huawei enterprise;
    /// refused without calling Huawei.
    /// </summary>
    OrganisationNotConnected,

    /// <summary>Huawei could not authenticate the app (wrong AppId/AppKey, or the token was rejected twice).</summary>
    AuthenticationFailed,

    /// <summary>Huawei answered with a server error or could not be reached.</summary>
    ServiceUnavailable,

    /// <summary>Huawei did not answer in time.</summary>
    TimedOut,
}
