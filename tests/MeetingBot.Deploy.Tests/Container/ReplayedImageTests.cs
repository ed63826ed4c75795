using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using MeetingBot.Deploy.Tests.Support;

namespace MeetingBot.Deploy.Tests.Container;

public class ReplayedImageTests(ReplayedImage image) : IClassFixture<ReplayedImage>
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };

    [Fact]
    public void Publish_output_holds_the_app_and_its_configuration_file_and_nothing_local()
    {
        var files = Directory.GetFiles(image.Runtime.WorkingDirectory).Select(Path.GetFileName).ToList();

        Assert.Contains("MeetingBot.dll", files);
        Assert.Contains("appsettings.json", files);
        Assert.DoesNotContain("appsettings.Local.json", files);
        Assert.DoesNotContain("MeetingBot", files); // UseAppHost=false: the image runs `dotnet MeetingBot.dll`
    }

    [Fact]
    public void Restore_in_the_image_reads_the_repository_nuget_config_and_its_local_packages()
    {
        // The machine's NuGet cache would hide a missing nuget.config from the restore itself: ask what it read.
        var assets = JsonNode.Parse(File.ReadAllText(Path.Combine(image.Build.WorkingDirectory, "src", "MeetingBot", "obj", "project.assets.json")))!;
        var restore = assets["project"]!["restore"]!;
        var configFiles = restore["configFilePaths"]!.AsArray().Select(p => Path.GetFullPath((string)p!));
        var sources = restore["sources"]!.AsObject().Select(p => p.Key.TrimEnd('/'));

        Assert.Contains(Path.Combine(image.Build.WorkingDirectory, "nuget.config"), configFiles);
        Assert.Contains(Path.Combine(image.Build.WorkingDirectory, "build", "local-packages"), sources);
    }

    [Fact]
    public async Task The_published_app_answers_the_liveness_probe()
    {
        using var response = await Http.GetAsync(new Uri(image.App.Address, "/health/live"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task The_readiness_probe_the_platform_uses_answers_ready_when_configured()
    {
        using var response = await Http.GetAsync(new Uri(image.App.Address, "/health/ready"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task The_image_health_check_passes_against_the_running_app()
    {
        var result = await RunHealthCheckAsync(image.App.Address.Port);

        Assert.True(result.ExitCode == 0, result.Describe());
    }

    [Fact]
    public async Task The_image_health_check_fails_when_nothing_answers()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var closedPort = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var result = await RunHealthCheckAsync(closedPort);

        Assert.NotEqual(0, result.ExitCode);
    }

    [Fact]
    public async Task The_image_health_check_fails_when_the_path_is_not_healthy()
    {
        // The bot answers 404 on the root path: a check that only opened the port would wrongly pass.
        var command = DockerStage.ExecForm(HealthCheckCommand());
        command[^1] = command[^1].Replace("/health/live", "/no-such-probe", StringComparison.Ordinal);

        var result = await ExternalProcess.RunAsync(command[0], command[1..], RepositoryRoot.Path,
            new Dictionary<string, string> { ["ASPNETCORE_HTTP_PORTS"] = image.App.Address.Port.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            TimeSpan.FromSeconds(30));

        Assert.NotEqual(0, result.ExitCode);
    }

    private string HealthCheckCommand()
    {
        var healthCheck = image.Recipe.Final.ArgumentsOf("HEALTHCHECK").Single();
        return healthCheck[(healthCheck.IndexOf("CMD ", StringComparison.Ordinal) + 4)..];
    }

    /// <summary>Runs the HEALTHCHECK's exec-form command as the container would, with the image's port variable set to the given port.</summary>
    private async Task<ProcessResult> RunHealthCheckAsync(int port)
    {
        var command = DockerStage.ExecForm(HealthCheckCommand());
        return await ExternalProcess.RunAsync(command[0], command[1..], RepositoryRoot.Path,
            new Dictionary<string, string> { ["ASPNETCORE_HTTP_PORTS"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            TimeSpan.FromSeconds(30));
    }
}
