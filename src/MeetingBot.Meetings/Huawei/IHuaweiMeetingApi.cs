namespace MeetingBot.Meetings.Huawei;

/// <summary>The two Huawei Cloud Meeting endpoints this app uses.</summary>
internal interface IHuaweiMeetingApi
{
    /// <summary>App ID authentication for <paramref name="userId"/>; answers Huawei's access token.</summary>
    Task<HuaweiCallResult<AppAuthResponse>> AuthenticateAsync(string userId, CancellationToken cancellationToken);

    /// <summary>Starts a conference with the user's access token.</summary>
    Task<HuaweiCallResult<StartConferenceResponse>> StartConferenceAsync(
        string accessToken, string conferenceId, string password, CancellationToken cancellationToken);
}
