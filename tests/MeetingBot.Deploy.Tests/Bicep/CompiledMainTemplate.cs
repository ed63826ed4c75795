using MeetingBot.Deploy.Tests.Support;

namespace MeetingBot.Deploy.Tests.Bicep;

/// <summary>deploy/main.bicep compiled once for the tests that read it.</summary>
public sealed class CompiledMainTemplate : IAsyncLifetime
{
    internal ArmTemplate Template { get; private set; } = null!;

    internal ProcessResult Compilation { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var (template, result) = await BicepCli.BuildAsync(RepositoryRoot.Combine("deploy", "main.bicep"));
        Compilation = result;
        Assert.True(template is not null, $"deploy/main.bicep does not compile: {result.Describe()}");
        Template = new ArmTemplate(template, "main");
    }

    public Task DisposeAsync() => Task.CompletedTask;
}
