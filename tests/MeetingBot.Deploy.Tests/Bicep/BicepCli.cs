using System.Reflection;
using System.Text.Json.Nodes;
using MeetingBot.Deploy.Tests.Support;

namespace MeetingBot.Deploy.Tests.Bicep;

/// <summary>The Bicep compiler from the Azure.Bicep.CommandLine NuGet package (its path is recorded at build time).</summary>
internal static class BicepCli
{
    public static string ExecutablePath { get; } =
        typeof(BicepCli).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "BicepPath").Value
        ?? throw new InvalidOperationException("BicepPath was not recorded: is Azure.Bicep.CommandLine referenced?");

    /// <summary>Compiles a .bicep file to its ARM template; diagnostics (errors and linter warnings) come back in StandardError.</summary>
    public static async Task<(JsonObject? Template, ProcessResult Result)> BuildAsync(string bicepFile)
    {
        var result = await ExternalProcess.RunAsync(ExecutablePath, ["build", bicepFile, "--stdout"], RepositoryRoot.Path,
            timeout: TimeSpan.FromMinutes(3));
        var template = result.ExitCode == 0 ? JsonNode.Parse(result.StandardOutput)!.AsObject() : null;
        return (template, result);
    }

    /// <summary>Compiles a .bicepparam file with the given environment; returns the ARM parameters object.</summary>
    public static async Task<(JsonObject? Parameters, ProcessResult Result)> BuildParamsAsync(string bicepparamFile,
        IReadOnlyDictionary<string, string> environment)
    {
        var result = await ExternalProcess.RunAsync(ExecutablePath, ["build-params", bicepparamFile, "--stdout"], RepositoryRoot.Path,
            environment, TimeSpan.FromMinutes(3));
        if (result.ExitCode != 0)
        {
            return (null, result);
        }

        var parametersJson = JsonNode.Parse(result.StandardOutput)!["parametersJson"]!.GetValue<string>();
        return (JsonNode.Parse(parametersJson)!["parameters"]!.AsObject(), result);
    }
}
