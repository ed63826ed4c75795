using System.Text.RegularExpressions;
using MeetingBot.Deploy.Tests.Support;

namespace MeetingBot.Deploy.Tests.Container;

public class DockerfileRulesTests
{
    private readonly DockerfileRecipe _recipe = DockerfileRecipe.Load();

    [Fact]
    public void It_builds_with_the_SDK_and_runs_on_the_ASP_NET_runtime()
    {
        Assert.Equal(2, _recipe.Stages.Count);
        Assert.StartsWith("mcr.microsoft.com/dotnet/sdk:", _recipe.Stages[0].BaseImage, StringComparison.Ordinal);
        Assert.StartsWith("mcr.microsoft.com/dotnet/aspnet:", _recipe.Final.BaseImage, StringComparison.Ordinal);
        Assert.Contains(_recipe.Stages[0].ArgumentsOf("RUN"), r => r.StartsWith("dotnet publish src/MeetingBot/MeetingBot.csproj -c Release", StringComparison.Ordinal));
        Assert.Equal(["dotnet", "MeetingBot.dll"], DockerStage.ExecForm(_recipe.Final.ArgumentsOf("ENTRYPOINT").Single()));
    }

    [Fact]
    public void The_runtime_stage_runs_as_a_non_root_user()
    {
        var user = _recipe.Final.ArgumentsOf("USER").Last();

        Assert.DoesNotMatch("^(root|0)(:.*)?$", user);
        Assert.Equal("$APP_UID", user);
    }

    [Fact]
    public void The_exposed_port_is_the_port_the_app_listens_on_and_the_health_check_asks()
    {
        Assert.Equal(_recipe.ExposedPort.ToString(System.Globalization.CultureInfo.InvariantCulture), _recipe.Final.Environment["ASPNETCORE_HTTP_PORTS"]);
        var healthCheck = _recipe.Final.ArgumentsOf("HEALTHCHECK").Single();
        Assert.Contains("${ASPNETCORE_HTTP_PORTS", healthCheck, StringComparison.Ordinal);
        Assert.Contains("/health/live", healthCheck, StringComparison.Ordinal);
    }

    [Fact]
    public void The_build_stage_copies_what_restore_reads_before_restoring()
    {
        var build = _recipe.Stages[0].Instructions;
        var restoreAt = build.ToList().FindIndex(i => i.Keyword == "RUN" && i.Arguments.StartsWith("dotnet restore", StringComparison.Ordinal));
        var copiedBeforeRestore = string.Join(' ', build.Take(restoreAt).Where(i => i.Keyword == "COPY").Select(i => i.Arguments));

        Assert.True(restoreAt > 0, "the build stage restores in its own step");
        foreach (var needed in new[] { "global.json", "nuget.config", "Directory.Build.props", "Directory.Packages.props", "build/local-packages/" })
        {
            Assert.Contains(needed, copiedBeforeRestore, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void No_secret_is_baked_into_the_image()
    {
        var secretName = new Regex("(PASSWORD|SECRET|APPKEY|APP_KEY|TOKEN)", RegexOptions.IgnoreCase);
        var declared = _recipe.Stages.SelectMany(s => s.Instructions)
            .Where(i => i.Keyword is "ENV" or "ARG")
            .SelectMany(i => i.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(pair => pair.Split('=')[0]);

        Assert.DoesNotContain(declared, secretName.IsMatch);
        Assert.DoesNotContain("appsettings.Local.json", File.ReadAllText(DockerfileRecipe.FilePath), StringComparison.Ordinal);
    }

    [Fact]
    public void The_dockerignore_keeps_build_outputs_and_local_settings_out_of_the_context()
    {
        var ignore = DockerIgnore.Load(RepositoryRoot.Path);

        Assert.True(ignore.IsIgnored("src/MeetingBot/obj/project.assets.json"));
        Assert.True(ignore.IsIgnored("src/MeetingBot/bin/Release/net10.0/MeetingBot.dll"));
        Assert.True(ignore.IsIgnored("manifest/node_modules/ajv/package.json"));
        Assert.True(ignore.IsIgnored("appsettings.Local.json"));
        Assert.True(ignore.IsIgnored(".git/HEAD"));
        Assert.False(ignore.IsIgnored("src/MeetingBot/MeetingBot.csproj"));
        Assert.False(ignore.IsIgnored("build/local-packages/AdaptiveCards.3.1.0.nupkg"));
        Assert.False(ignore.IsIgnored("appsettings.json"));
    }
}
