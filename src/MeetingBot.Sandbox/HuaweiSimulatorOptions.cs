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
}
