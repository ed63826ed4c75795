using System.Text.RegularExpressions;

namespace MeetingBot.Deploy.Tests.Container;

/// <summary>The build context's .dockerignore: which context paths a COPY never sees (last matching rule wins, '!' re-includes).</summary>
internal sealed class DockerIgnore
{
    private readonly List<(Regex Pattern, bool Exclude)> _rules;

    private DockerIgnore(List<(Regex, bool)> rules) => _rules = rules;

    public static DockerIgnore Load(string contextRoot)
    {
        var path = Path.Combine(contextRoot, ".dockerignore");
        var lines = File.Exists(path) ? File.ReadAllLines(path) : [];
        var rules = lines.Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.StartsWith('!') ? (ToRegex(l[1..]), false) : (ToRegex(l), true))
            .ToList();
        return new DockerIgnore(rules);
    }

    /// <summary>True when the context-relative path (or a folder above it) is excluded.</summary>
    public bool IsIgnored(string relativePath)
    {
        var parts = relativePath.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        var ignored = false;
        for (var depth = 1; depth <= parts.Length; depth++)
        {
            var candidate = string.Join('/', parts[..depth]);
            foreach (var (pattern, exclude) in _rules)
            {
                if (pattern.IsMatch(candidate))
                {
                    ignored = exclude;
                }
            }

            if (ignored)
            {
                return true;
            }
        }

        return false;
    }

    private static Regex ToRegex(string pattern)
    {
        var trimmed = pattern.Trim('/');
        var regex = Regex.Escape(trimmed)
            .Replace(@"\*\*/", "(.*/)?", StringComparison.Ordinal)
            .Replace(@"\*\*", ".*", StringComparison.Ordinal)
            .Replace(@"\*", "[^/]*", StringComparison.Ordinal)
            .Replace(@"\?", "[^/]", StringComparison.Ordinal);
        return new Regex($"^{regex}$", RegexOptions.CultureInvariant);
    }
}
