namespace MeetingBot.Meetings.Protection;

/// <summary>
/// The pauses Huawei asked for: until when calls to an endpoint (or <c>*</c>, every endpoint) must wait, because Huawei
/// answered 429 or said a rate limit is used up. The state behind <see cref="HuaweiRateLimitGate"/>: read before every
/// Huawei request, so reading never leaves the process; written rarely. In one process, or shared by every replica
/// through Redis.
/// </summary>
public interface IHuaweiPauses
{
    /// <summary>Until when calls to <paramref name="key"/> wait; <see cref="DateTimeOffset.MinValue"/> when they need not.</summary>
    DateTimeOffset PausedUntil(string key);

    /// <summary>Pauses calls to <paramref name="key"/> until <paramref name="until"/>, unless a later pause is already known.</summary>
    ValueTask PauseUntilAsync(string key, DateTimeOffset until);
}
