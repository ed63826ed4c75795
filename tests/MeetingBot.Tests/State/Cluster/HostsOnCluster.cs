using MeetingBot.Sandbox;
using MeetingBot.Testing;
using Microsoft.Extensions.Hosting;

namespace MeetingBot.Tests.State.Cluster;

/// <summary>Hosts of the app in this process sharing one Redis (a cluster) and one Huawei simulator, as replicas would.</summary>
public sealed class HostsOnCluster : IAsyncDisposable
{
    private readonly List<MeetingBotApplication> _hosts = [];

    private HostsOnCluster(HuaweiSimulator huawei) => Huawei = huawei;

    public HuaweiSimulator Huawei { get; }

    public IReadOnlyList<MeetingBotApplication> Hosts => _hosts;

    public static async Task<HostsOnCluster> StartAsync(string redisConnectionString, int count = 2)
    {
        var huawei = new HuaweiSimulator();
        var hosts = new HostsOnCluster(huawei);
        try
        {
            await huawei.StartAsync();
            var certificate = TestCertificates.DataProtectionPfxBase64();
            for (var i = 0; i < count; i++)
            {
                var host = new MeetingBotApplication()
                    .InEnvironment(Environments.Production)
                    .WithSetting("Bot:AllowUnauthenticated", "true")
                    // The longest invoke budget the bot allows: a loaded machine must not turn a quick activation into the slow path.
                    .WithSetting("Bot:InvokeReplyBudget", "00:00:10")
                    .WithSetting("HuaweiMeeting:BaseUrl", huawei.BaseUrl.ToString())
                    .WithSetting("HuaweiMeeting:AppId", huawei.Options.AppId)
                    .WithSetting("HuaweiMeeting:AppKey", huawei.Options.AppKey)
                    .WithSetting("Redis:ConnectionString", redisConnectionString)
                    .WithSetting("Redis:DataProtectionCertificate", certificate);
                hosts._hosts.Add(host);
                await host.StartAsync();
            }

            return hosts;
        }
        catch
        {
            await hosts.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            await host.DisposeAsync();
        }

        await Huawei.DisposeAsync();
    }
}
