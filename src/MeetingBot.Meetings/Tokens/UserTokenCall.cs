using MeetingBot.Meetings.Huawei;

namespace MeetingBot.Meetings.Tokens;

/// <summary>
/// The outcome of a call made with a user's token (<see cref="AccessTokenProvider.CallAsync{T}"/>): either the sign-in
/// failed (<see cref="SignInFailure"/>, the call was never made) or Huawei answered the call (<see cref="Answer"/>).
/// </summary>
internal sealed record UserTokenCall<T>(HuaweiCallResult<T>? Answer, HuaweiFailure? SignInFailure)
    where T : class
{
    public static UserTokenCall<T> Answered(HuaweiCallResult<T> answer) => new(answer, null);

    public static UserTokenCall<T> SignInFailed(HuaweiFailure failure) => new(null, failure);
}
