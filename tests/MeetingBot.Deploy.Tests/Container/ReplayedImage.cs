using MeetingBot.Deploy.Tests.Support;

namespace MeetingBot.Deploy.Tests.Container;

/// <summary>
/// deploy/Dockerfile replayed once (restore and publish in a scratch copy of exactly what its COPY lines take),
/// and the published app started by its ENTRYPOINT with its ENV, on a loopback port instead of 8080.
/// </summary>
public sealed class ReplayedImage : IAsyncLifetime
{
    private string _scratch = null!;

    internal DockerfileRecipe Recipe { get; } = DockerfileRecipe.Load();

    internal ReplayedStage Build { get; private set; } = null!;

    internal ReplayedStage Runtime { get; private set; } = null!;

    internal RunningApp App { get; private set; } = null!;

    /// <summary>Configuration a deployment supplies (as deploy/modules/containerapp.bicep does), with made-up values.</summary>
    internal static IReadOnlyDictionary<string, string> DeploymentSettings { get; } = new Dictionary<string, string>
    {
        ["MicrosoftAppType"] = "SingleTenant",
        ["MicrosoftAppId"] = "4b0f6b4e-7f55-4a39-9d0e-2f6d1c3a5b71",
        ["MicrosoftAppPassword"] = "not-a-real-password",
        ["MicrosoftAppTenantId"] = "6a1f0c2e-3b4d-4e5f-8a9b-0c1d2e3f4a5b",
        ["HuaweiMeeting__AppId"] = "not-a-real-app-id",
        ["HuaweiMeeting__AppKey"] = "not-a-real-app-key",
    };

    public async Task InitializeAsync()
    {
        _scratch = Directory.CreateTempSubdirectory("meetingbot-image-").FullName;
        var replay = new DockerBuildReplay(RepositoryRoot.Path, _scratch);
        Runtime = await replay.ReplayAsync(Recipe);
        Build = replay.Stages["build"];

        var environment = new Dictionary<string, string>(Runtime.Stage.Environment)
        {
            // Loopback and a free port instead of the image's 8080; and the startup line that tells which port.
            ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
            ["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information",
        };
        foreach (var (name, value) in DeploymentSettings)
        {
            environment[name] = value;
        }

        var entrypoint = DockerStage.ExecForm(Runtime.Stage.ArgumentsOf("ENTRYPOINT").Single());
        App = await RunningApp.StartAsync(entrypoint, Runtime.WorkingDirectory, environment);
    }

    public async Task DisposeAsync()
    {
        if (App is not null)
        {
            await App.DisposeAsync();
        }

        try
        {
            Directory.Delete(_scratch, recursive: true);
        }
        catch (IOException)
        {
            // A scratch folder left in /tmp is harmless; a failed cleanup must not fail the run.
        }
    }
}
