using MeetingBot.Tests.Slack;

namespace MeetingBot.Tests.State;

/// <summary>
/// The real app (on Kestrel, Slack slash commands on, the sandbox as Huawei) with its state in a real redis-server of
/// its own, which the tests stop, start, pause and empty. The connection string names only the address, so the app's
/// own timeouts and reconnect policy are what the tests measure. No local copy of tokens: every turn reads its token
/// from Redis, as a replica without that copy does (another replica, or 30 s later).
/// </summary>
public sealed class RedisOutageHost : SlackHost
{
    public RedisOutageHost()
        : base(withSigningSecret: true, warmUp: true)
    {
    }

    public RedisServer Redis { get; } = new();

    /// <summary>The Data Protection certificate (base64 PFX): another replica needs the same one.</summary>
    public string Certificate { get; } = TestCertificates.DataProtectionPfxBase64();

    public override async Task InitializeAsync()
    {
        await Redis.InitializeAsync();
        WithSetting("Redis:ConnectionString", Redis.Address);
        WithSetting("Redis:DataProtectionCertificate", Certificate);
        WithSetting("State:LocalTokenLifetime", "00:00:00");
        await base.InitializeAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Redis.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
