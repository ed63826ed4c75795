using MeetingBot.Meetings;
using MeetingBot.Meetings.Activation;
using MeetingBot.Sandbox;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace MeetingBot.Testing;

/// <summary>
/// Two "replicas": two real hosts of the app sharing one redis-server and one stub Huawei server (the simulator, a real
/// loopback listener that counts sign-ins), as the deployment runs them. Stopped on dispose.
/// </summary>
public sealed class ReplicasSharingRedis : IAsyncDisposable
{
    private ReplicasSharingRedis(HuaweiSimulator huawei, MeetingBotApplication a, MeetingBotApplication b) => (Huawei, A, B) = (huawei, a, b);

    public HuaweiSimulator Huawei { get; }

    public MeetingBotApplication A { get; }

    public MeetingBotApplication B { get; }

    public static async Task<ReplicasSharingRedis> StartAsync(RedisServer redis, IDictionary<string, string>? settings = null)
    {
        var huawei = new HuaweiSimulator();
        await huawei.StartAsync();
        var certificate = TestCertificates.DataProtectionPfxBase64();
        var a = await StartReplicaAsync(redis, huawei, certificate, settings);
        var b = await StartReplicaAsync(redis, huawei, certificate, settings);
        return new ReplicasSharingRedis(huawei, a, b);
    }

    public static Task<ActivationResult> ActivateAsync(MeetingBotApplication replica, ChatUser user, string meetingId, string password) =>
        replica.Services.GetRequiredService<IMeetingActivationService>().ActivateAsync(user, meetingId, password, CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        await A.DisposeAsync();
        await B.DisposeAsync();
        await Huawei.DisposeAsync();
    }

    private static async Task<MeetingBotApplication> StartReplicaAsync(
        RedisServer redis, HuaweiSimulator huawei, string certificate, IDictionary<string, string>? settings)
    {
        var replica = new MeetingBotApplication()
            .InEnvironment(Environments.Production)
            .WithSetting("Bot:AllowUnauthenticated", "true")
            .WithSetting("HuaweiMeeting:BaseUrl", huawei.BaseUrl.ToString())
            .WithSetting("HuaweiMeeting:AppId", huawei.Options.AppId)
            .WithSetting("HuaweiMeeting:AppKey", huawei.Options.AppKey)
            .WithSetting("Redis:ConnectionString", redis.ConnectionString)
            .WithSetting("Redis:DataProtectionCertificate", certificate)
            .WithSettings(settings ?? new Dictionary<string, string>());
        try
        {
            await replica.StartAsync();
        }
        catch
        {
            await replica.DisposeAsync();
            throw;
        }

        return replica;
    }
}
