using System.Text.RegularExpressions;
using MeetingBot.Deploy.Tests.Support;

namespace MeetingBot.Deploy.Tests.Container;

/// <summary>What a replayed stage left behind: its filesystem (a host folder), working directory and environment.</summary>
internal sealed record ReplayedStage(DockerStage Stage, string Root, string WorkingDirectory);

/// <summary>
/// Replays a Dockerfile without a container engine: each stage gets a host folder as its filesystem, COPY copies from
/// the build context (honouring .dockerignore) or an earlier stage, WORKDIR moves, RUN runs the same dotnet command
/// with container paths mapped into the stage folder. So a COPY that misses what restore or publish needs fails here
/// as it would in `docker build`. Instructions it does not know stop the replay rather than being skipped.
/// </summary>
internal sealed partial class DockerBuildReplay(string contextRoot, string imagesRoot)
{
    private static readonly HashSet<string> MetadataOnly = ["ENV", "EXPOSE", "USER", "HEALTHCHECK", "ENTRYPOINT", "CMD", "ARG", "LABEL"];

    private readonly DockerIgnore _ignore = DockerIgnore.Load(contextRoot);
    private readonly Dictionary<string, ReplayedStage> _stages = [];

    /// <summary>Every replayed stage by name (or index when unnamed).</summary>
    public IReadOnlyDictionary<string, ReplayedStage> Stages => _stages;

    public async Task<ReplayedStage> ReplayAsync(DockerfileRecipe recipe)
    {
        ReplayedStage? last = null;
        for (var i = 0; i < recipe.Stages.Count; i++)
        {
            last = await ReplayStageAsync(recipe.Stages[i], Path.Combine(imagesRoot, recipe.Stages[i].Name ?? $"stage{i}"));
            _stages[recipe.Stages[i].Name ?? i.ToString(System.Globalization.CultureInfo.InvariantCulture)] = last;
        }

        return last ?? throw new InvalidOperationException("the Dockerfile has no stage");
    }

    /// <summary>Where a container path of a stage lives on the host.</summary>
    public static string HostPath(string stageRoot, string containerPath) =>
        Path.Combine(stageRoot, containerPath.TrimStart('/').Replace('/', Path.DirectorySeparatorChar));

    private async Task<ReplayedStage> ReplayStageAsync(DockerStage stage, string root)
    {
        Directory.CreateDirectory(root);
        var workdir = "/";
        foreach (var instruction in stage.Instructions)
        {
            switch (instruction.Keyword)
            {
                case "WORKDIR":
                    workdir = Resolve(workdir, instruction.Arguments);
                    Directory.CreateDirectory(HostPath(root, workdir));
                    break;
                case "COPY":
                    Copy(root, workdir, instruction.Arguments);
                    break;
                case "RUN":
                    await RunAsync(root, workdir, instruction.Arguments);
                    break;
                case var keyword when MetadataOnly.Contains(keyword):
                    break;
                default:
                    throw new NotSupportedException($"the replay does not know {instruction.Keyword}; teach it before using it");
            }
        }

        return new ReplayedStage(stage, root, HostPath(root, workdir));
    }

    private static string Resolve(string workdir, string path) =>
        path.StartsWith('/') ? path : $"{workdir.TrimEnd('/')}/{path}";

    private void Copy(string root, string workdir, string arguments)
    {
        var tokens = arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var fromStage = tokens.Where(t => t.StartsWith("--from=", StringComparison.Ordinal)).Select(t => t["--from=".Length..]).SingleOrDefault();
        var operands = tokens.Where(t => !t.StartsWith("--", StringComparison.Ordinal)).ToArray();
        var (sources, destination) = (operands[..^1], Resolve(workdir, operands[^1]));
        var destinationIsFolder = destination.EndsWith('/') || sources.Length > 1 || sources.Any(s => s.Contains('*', StringComparison.Ordinal));

        var sourceRoot = fromStage is null ? contextRoot : _stages[fromStage].Root;
        foreach (var source in sources)
        {
            var matches = Expand(sourceRoot, source).ToList();
            if (matches.Count == 0)
            {
                throw new FileNotFoundException($"COPY {arguments}: {source} is not in the {(fromStage is null ? "build context" : $"stage {fromStage}")}");
            }

            foreach (var match in matches)
            {
                if (Directory.Exists(match))
                {
                    CopyFolderContents(match, HostPath(root, destination), fromStage is null);
                }
                else
                {
                    var target = destinationIsFolder || Directory.Exists(HostPath(root, destination))
                        ? Path.Combine(HostPath(root, destination), Path.GetFileName(match))
                        : HostPath(root, destination);
                    Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                    File.Copy(match, target, overwrite: true);
                }
            }
        }
    }

    private IEnumerable<string> Expand(string sourceRoot, string source)
    {
        var path = source.StartsWith('/') ? HostPath(sourceRoot, source) : Path.Combine(sourceRoot, source);
        if (source.Contains('*', StringComparison.Ordinal) || source.Contains('?', StringComparison.Ordinal))
        {
            var folder = Path.GetDirectoryName(path.TrimEnd('/'))!;
            return Directory.EnumerateFileSystemEntries(folder, Path.GetFileName(path.TrimEnd('/')))
                .Where(p => !IsIgnoredInContext(sourceRoot, p));
        }

        return (File.Exists(path) || Directory.Exists(path)) && !IsIgnoredInContext(sourceRoot, path) ? [path] : [];
    }

    private bool IsIgnoredInContext(string sourceRoot, string path) =>
        sourceRoot == contextRoot && _ignore.IsIgnored(Path.GetRelativePath(contextRoot, path));

    private void CopyFolderContents(string source, string target, bool fromContext)
    {
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            if (fromContext && _ignore.IsIgnored(Path.GetRelativePath(contextRoot, file)))
            {
                continue;
            }

            var destination = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination, overwrite: true);
        }
    }

    private static async Task RunAsync(string root, string workdir, string command)
    {
        var tokens = command.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (tokens[0] != "dotnet" || tokens.Any(t => t is "&&" or "||" or "|" or ";"))
        {
            throw new NotSupportedException($"the replay runs single dotnet commands only: RUN {command}");
        }

        // Absolute container paths (e.g. -o /app/publish) point into the stage's folder.
        var arguments = tokens[1..].Select(t => ContainerPath().IsMatch(t) ? HostPath(root, t) : t).ToList();
        var result = await ExternalProcess.RunAsync(ExternalProcess.DotnetHost, arguments, HostPath(root, workdir),
            new Dictionary<string, string> { ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1", ["DOTNET_NOLOGO"] = "1" },
            TimeSpan.FromMinutes(15));
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"RUN {command} failed: {result.Describe()}");
        }
    }

    [GeneratedRegex("^/[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]*)*$")]
    private static partial Regex ContainerPath();
}
