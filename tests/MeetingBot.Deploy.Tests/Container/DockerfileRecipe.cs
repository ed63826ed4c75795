using System.Text.Json;
using System.Text.RegularExpressions;
using MeetingBot.Deploy.Tests.Support;

namespace MeetingBot.Deploy.Tests.Container;

internal sealed record DockerInstruction(string Keyword, string Arguments);

internal sealed record DockerStage(string BaseImage, string? Name, IReadOnlyList<DockerInstruction> Instructions)
{
    public IEnumerable<string> ArgumentsOf(string keyword) =>
        Instructions.Where(i => i.Keyword == keyword).Select(i => i.Arguments);

    /// <summary>ENV instructions as name → value (the <c>ENV A=1 B=2</c> form).</summary>
    public IReadOnlyDictionary<string, string> Environment =>
        ArgumentsOf("ENV").SelectMany(a => a.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(pair => pair.Split('=', 2))
            .ToDictionary(p => p[0], p => p[1]);

    /// <summary>An exec-form (JSON array) argument of ENTRYPOINT or CMD.</summary>
    public static string[] ExecForm(string arguments) => JsonSerializer.Deserialize<string[]>(arguments)
        ?? throw new InvalidOperationException($"not an exec-form array: {arguments}");
}

/// <summary>deploy/Dockerfile parsed into stages of instructions (continuation lines joined, comments dropped).</summary>
internal sealed partial class DockerfileRecipe
{
    public static string FilePath => RepositoryRoot.Combine("deploy", "Dockerfile");

    public IReadOnlyList<DockerStage> Stages { get; }

    private DockerfileRecipe(IReadOnlyList<DockerStage> stages) => Stages = stages;

    public DockerStage Stage(string name) => Stages.Single(s => s.Name == name);

    public DockerStage Final => Stages[^1];

    public int ExposedPort => int.Parse(Final.ArgumentsOf("EXPOSE").Single().Split('/')[0], System.Globalization.CultureInfo.InvariantCulture);

    public static DockerfileRecipe Load() => Parse(File.ReadAllText(FilePath));

    public static DockerfileRecipe Parse(string text)
    {
        var stages = new List<DockerStage>();
        string? baseImage = null, name = null;
        var instructions = new List<DockerInstruction>();
        foreach (var line in LogicalLines(text))
        {
            var match = Instruction().Match(line);
            if (!match.Success)
            {
                throw new FormatException($"unreadable Dockerfile line: {line}");
            }

            var keyword = match.Groups[1].Value.ToUpperInvariant();
            var arguments = match.Groups[2].Value.Trim();
            if (keyword == "FROM")
            {
                if (baseImage is not null)
                {
                    stages.Add(new DockerStage(baseImage, name, instructions));
                }

                var from = FromArguments().Match(arguments);
                (baseImage, name, instructions) = (from.Groups[1].Value, from.Groups[2].Success ? from.Groups[2].Value : null, []);
            }
            else
            {
                instructions.Add(new DockerInstruction(keyword, arguments));
            }
        }

        if (baseImage is not null)
        {
            stages.Add(new DockerStage(baseImage, name, instructions));
        }

        return new DockerfileRecipe(stages);
    }

    private static IEnumerable<string> LogicalLines(string text)
    {
        var pending = string.Empty;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.TrimStart().StartsWith('#') || (pending.Length == 0 && string.IsNullOrWhiteSpace(line)))
            {
                continue;
            }

            if (line.EndsWith('\\'))
            {
                pending += line[..^1] + " ";
                continue;
            }

            yield return (pending + line).Trim();
            pending = string.Empty;
        }
    }

    [GeneratedRegex(@"^([A-Za-z]+)\s+(.*)$")]
    private static partial Regex Instruction();

    [GeneratedRegex(@"^(\S+)(?:\s+AS\s+(\S+))?$", RegexOptions.IgnoreCase)]
    private static partial Regex FromArguments();
}
