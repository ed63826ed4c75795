using System.Security.Cryptography;

namespace MeetingBot.Sandbox;

/// <summary>A meeting the simulator knows.</summary>
/// <param name="ConferenceId">The meeting ID (digits).</param>
/// <param name="Password">The host password that starts it.</param>
/// <param name="RegionIp">The region IP answered on success.</param>
/// <param name="Slow">Answers only after <see cref="HuaweiSimulatorOptions.SlowMeetingDelay"/>.</param>
/// <param name="NotPermitted">Answers 403: the user may not start it.</param>
public sealed record SimulatedMeeting(string ConferenceId, string Password, string RegionIp, bool Slow = false, bool NotPermitted = false)
{
    public override string ToString() => $"SimulatedMeeting {{ ConferenceId = {ConferenceId}, RegionIp = {RegionIp} }}";
}

/// <summary>
/// A meeting in the meeting list of every user who signs in, or of <paramref name="ListedFor"/> only (SearchMeetings, confDetail), timed from the moment the
/// simulator was created, on its clock, to the minute (Huawei's times have minutes only). The host gets the chair and
/// the guest password, a guest only the guest password, as Huawei answers. The chair password starts it.
/// </summary>
/// <param name="ConferenceId">The meeting ID (digits).</param>
/// <param name="Subject">The subject, also what a search matches.</param>
/// <param name="StartsIn">From the simulator's creation; negative when it began before.</param>
/// <param name="Length">How long it lasts; once over, it is no longer listed.</param>
/// <param name="UserIsHost">True: the signed-in user hosts it (chair role); false: only a guest.</param>
/// <param name="InProgress">Started already (<c>Created</c>); otherwise <c>Schedule</c> until someone starts it.</param>
/// <param name="ChairPassword">The host password.</param>
/// <param name="GuestPassword">The guest password; it does not start the meeting.</param>
/// <param name="RegionIp">The region IP answered when it starts.</param>
/// <param name="VmrConferenceId">The cloud meeting room's ID when the meeting is held in one; differs from <paramref name="ConferenceId"/>.</param>
/// <param name="ListedFor">
/// The Huawei user IDs whose meetings it is (its host and invitees); null: every user's, as the seeded meetings. To anyone
/// else Huawei answers as for a meeting that does not exist, in the list and in the details.
/// </param>
public sealed record SimulatedScheduledMeeting(
    string ConferenceId,
    string Subject,
    TimeSpan StartsIn,
    TimeSpan Length,
    bool UserIsHost,
    bool InProgress,
    string ChairPassword,
    string GuestPassword,
    string RegionIp,
    string? VmrConferenceId = null,
    IReadOnlyCollection<string>? ListedFor = null)
{
    /// <summary>Whether the meeting is among the meetings of Huawei user <paramref name="userId"/>.</summary>
    public bool IsListedFor(string userId) => ListedFor is null || ListedFor.Contains(userId, StringComparer.Ordinal);

    public override string ToString() =>
        $"SimulatedScheduledMeeting {{ ConferenceId = {ConferenceId}, VmrConferenceId = {VmrConferenceId}, Subject = {Subject}, StartsIn = {StartsIn}, UserIsHost = {UserIsHost}, InProgress = {InProgress} }}";
}

public sealed class HuaweiSimulatorOptions
{
    /// <summary>Starts in 100.94.23.40.</summary>
    public const string DemoMeetingId = "986030665";

    /// <summary>Starts in 100.94.23.41, after <see cref="SlowMeetingDelay"/>.</summary>
    public const string SlowMeetingId = "986030666";

    /// <summary>Refused with 403: not permitted.</summary>
    public const string NotPermittedMeetingId = "986030667";

    /// <summary>The host password of every seeded meeting.</summary>
    public const string DemoPassword = "123456";

    /// <summary>Listed: the user hosts it; it starts 30 minutes after the simulator was created.</summary>
    public const string HostedUpcomingMeetingId = "986030671";

    /// <summary>Listed: the user hosts it; it has been in progress for 10 minutes.</summary>
    public const string HostedInProgressMeetingId = "986030672";

    /// <summary>Listed: the user is only a guest (guest password only); starts in 2 hours.</summary>
    public const string GuestMeetingId = "986030673";

    /// <summary>Listed: the user hosts it, held in the cloud meeting room <see cref="CloudMeetingRoomId"/>; starts in 3 hours.</summary>
    public const string CloudRoomMeetingId = "986030674";

    /// <summary>The cloud meeting room of <see cref="CloudRoomMeetingId"/> (its <c>vmrConferenceID</c>).</summary>
    public const string CloudMeetingRoomId = "916683232";

    public const string DemoRegionIp = "100.94.23.40";
    public const string SlowRegionIp = "100.94.23.41";

    /// <summary>The first seeded enterprise of the service provider's app.</summary>
    public const string ContosoCorpId = "sandbox-corp-contoso";

    /// <summary>The second seeded enterprise of the service provider's app.</summary>
    public const string FabrikamCorpId = "sandbox-corp-fabrikam";

    /// <summary>The loopback port to listen on; 0 (the default) takes a free one.</summary>
    public int Port { get; set; }

    /// <summary>The single-enterprise app: signs <c>appId:userId:expireTime:nonce</c> and must not send a corpId.</summary>
    public string AppId { get; set; } = "sandbox-app";

    /// <summary>Random per instance: it is only good against this simulator, and tests can search logs for it.</summary>
    public string AppKey { get; set; } = RandomNumberGenerator.GetHexString(40, lowercase: true);

    /// <summary>The service provider's app: signs <c>appId:corpId:userId:expireTime:nonce</c> and must send one of <see cref="Enterprises"/>.</summary>
    public string ServiceProviderAppId { get; set; } = "sandbox-sp-app";

    /// <summary>Random per instance, like <see cref="AppKey"/>.</summary>
    public string ServiceProviderAppKey { get; set; } = RandomNumberGenerator.GetHexString(40, lowercase: true);

    /// <summary>The enterprises (corpIds) under the service provider's app.</summary>
    public IList<string> Enterprises { get; } = [ContosoCorpId, FabrikamCorpId];

    /// <summary>How long an issued access token lives (answered as <c>validPeriod</c> and <c>expireTime</c>).</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long the slow meeting takes; longer than the Teams invoke deadline by default.</summary>
    public TimeSpan SlowMeetingDelay { get; set; } = TimeSpan.FromSeconds(8);

    public IList<SimulatedMeeting> Meetings { get; } =
    [
        new(DemoMeetingId, DemoPassword, DemoRegionIp),
        new(SlowMeetingId, DemoPassword, SlowRegionIp, Slow: true),
        new(NotPermittedMeetingId, DemoPassword, "100.94.23.42", NotPermitted: true),
    ];

    /// <summary>
    /// The meeting list of whoever signs in: one they host starting in 30 minutes, one they host in progress, one where they
    /// are only a guest, one they host in a cloud meeting room. The passwords are random per instance, like the app keys.
    /// </summary>
    public IList<SimulatedScheduledMeeting> ScheduledMeetings { get; } =
    [
        new(HostedUpcomingMeetingId, "Project sync", TimeSpan.FromMinutes(30), TimeSpan.FromHours(1), UserIsHost: true, InProgress: false,
            NewPassword(), NewPassword(), "100.94.23.43"),
        new(HostedInProgressMeetingId, "Daily stand-up", TimeSpan.FromMinutes(-10), TimeSpan.FromMinutes(30), UserIsHost: true, InProgress: true,
            NewPassword(), NewPassword(), "100.94.23.44"),
        new(GuestMeetingId, "Partner review", TimeSpan.FromHours(2), TimeSpan.FromHours(1), UserIsHost: false, InProgress: false,
            NewPassword(), NewPassword(), "100.94.23.45"),
        new(CloudRoomMeetingId, "Team room: planning", TimeSpan.FromHours(3), TimeSpan.FromMinutes(45), UserIsHost: true, InProgress: false,
            NewPassword(), NewPassword(), "100.94.23.46", VmrConferenceId: CloudMeetingRoomId),
    ];

    /// <summary>Ten random digits: passwords only this instance knows, long enough that a test finds them in a log only if they leaked.</summary>
    public static string NewPassword() => RandomNumberGenerator.GetString("0123456789", 10);
}
