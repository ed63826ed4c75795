namespace MeetingBot.Meetings.Huawei;

/// <summary>The two Huawei Cloud Meeting endpoints this app uses.</summary>
internal interface IHuaweiMeetingApi
{
    /// <summary>App ID authentication of one user into one enterprise; answers Huawei's access token.</summary>
    Task<HuaweiCallResult<AppAuthResponse>> AuthenticateAsync(HuaweiSignIn signIn, CancellationToken cancellationToken);

    /// <summary>Starts a conference with the user's access token.</summary>
    Task<HuaweiCallResult<StartConferenceResponse>> StartConferenceAsync(
        string accessToken, string conferenceId, string password, CancellationToken cancellationToken);
}
