namespace MeetingBot.Meetings.Huawei;

/// <summary>The Huawei Cloud Meeting endpoints this app uses. Every call but the sign-in carries the user's own access token.</summary>
internal interface IHuaweiMeetingApi
{
    /// <summary>App ID authentication of one user into one enterprise; answers Huawei's access token.</summary>
    Task<HuaweiCallResult<AppAuthResponse>> AuthenticateAsync(HuaweiSignIn signIn, CancellationToken cancellationToken);

    /// <summary>Starts a conference with the user's access token.</summary>
    Task<HuaweiCallResult<StartConferenceResponse>> StartConferenceAsync(
        string accessToken, string conferenceId, string password, CancellationToken cancellationToken);

    /// <summary>One page of the user's meetings that have not ended (SearchMeetings).</summary>
    Task<HuaweiCallResult<SearchMeetingsResponse>> SearchMeetingsAsync(
        string accessToken, MeetingSearch search, CancellationToken cancellationToken);

    /// <summary>One meeting's details (confDetail), by its <c>conferenceID</c> (not its cloud meeting room ID).</summary>
    Task<HuaweiCallResult<MeetingDetailResponse>> GetMeetingDetailAsync(
        string accessToken, string conferenceId, CancellationToken cancellationToken);
}
