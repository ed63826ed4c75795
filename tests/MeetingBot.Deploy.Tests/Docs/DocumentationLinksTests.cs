using System.Text.RegularExpressions;
using MeetingBot.Deploy.Tests.Support;

namespace MeetingBot.Deploy.Tests.Docs;

/// <summary>
/// Every relative link in the README and the pages under docs/ (and the deployment guide) leads somewhere on GitHub: the
/// file or folder exists, and an <c>#anchor</c> names a heading of the page it points to. One case per link, so a broken
/// link names itself.
/// </summary>
public partial class DocumentationLinksTests
{
    public static TheoryData<string, int, string> RelativeLinks()
    {
        var links = new TheoryData<string, int, string>();
        foreach (var path in MarkdownPage.DocumentationPaths())
        {
            foreach (var link in MarkdownPage.Load(path).Links.Where(l => !HasScheme(l.Target)).Distinct())
            {
                links.Add(path, link.Line, link.Target);
            }
        }

        return links;
    }

    public static TheoryData<string> DocsPages() => [.. MarkdownPage.DocumentationPaths().Where(p => p.StartsWith("docs/", StringComparison.Ordinal))];

    [Theory]
    [MemberData(nameof(RelativeLinks))]
    public void Every_relative_link_resolves(string document, int line, string link)
    {
        var (path, anchor) = Split(link);
        var target = path.Length == 0 ? RepositoryRoot.Combine(document.Split('/')) : Resolve(document, path);

        Assert.True(target.StartsWith(RepositoryRoot.Path + Path.DirectorySeparatorChar, StringComparison.Ordinal),
            $"{document}:{line}: {link} leaves the repository");
        Assert.True(File.Exists(target) || Directory.Exists(target), $"{document}:{line}: {link}: no file or folder {target}");
        if (anchor.Length > 0)
        {
            Assert.True(target.EndsWith(".md", StringComparison.Ordinal), $"{document}:{line}: {link}: an anchor into a page that is not Markdown");
            var page = MarkdownPage.Load(Path.GetRelativePath(RepositoryRoot.Path, target).Replace(Path.DirectorySeparatorChar, '/'));
            Assert.True(page.Anchors.Contains(anchor),
                $"{document}:{line}: {link}: no heading #{anchor} in {page.RelativePath}; it has {string.Join(", ", page.Anchors.Order(StringComparer.Ordinal))}");
        }
    }

    [Theory]
    [MemberData(nameof(DocsPages))]
    public void The_readme_links_to_every_page_under_docs(string page)
    {
        var linked = MarkdownPage.Load("README.md").Links
            .Select(l => Split(l.Target).Path)
            .Where(p => p.Length > 0 && !HasScheme(p))
            .Select(p => Resolve("README.md", p));

        Assert.Contains(RepositoryRoot.Combine(page.Split('/')), linked);
    }

    [Fact]
    public void The_readme_stays_a_front_door_of_at_most_200_lines()
    {
        var lines = File.ReadAllLines(RepositoryRoot.Combine("README.md")).Length;

        Assert.True(lines <= 200, $"README.md has {lines} lines; move detail to a page under docs/ and link it");
    }

    [Theory]
    [InlineData("run the bot", "`dotnet run --project src/MeetingBot`")]
    [InlineData("run every test", "`bash scripts/test.sh`")]
    public void The_readme_set_up_table_keeps_its_commands(string what, string command)
    {
        // .ci/run and the newcomer both rely on these exact commands.
        var rows = File.ReadAllLines(RepositoryRoot.Combine("README.md")).Where(l => l.StartsWith("| " + what, StringComparison.Ordinal));

        Assert.Contains(rows, row => row.EndsWith("| " + command + " |", StringComparison.Ordinal));
    }

    private static (string Path, string Anchor) Split(string link)
    {
        var hash = link.IndexOf('#', StringComparison.Ordinal);
        var path = hash < 0 ? link : link[..hash];
        var query = path.IndexOf('?', StringComparison.Ordinal);
        return (query < 0 ? path : path[..query], hash < 0 ? string.Empty : link[(hash + 1)..]);
    }

    /// <summary>As GitHub resolves a link: from the page's folder, or from the repository root when it starts with '/'.</summary>
    private static string Resolve(string document, string path)
    {
        var unescaped = Uri.UnescapeDataString(path);
        var from = unescaped.StartsWith('/') ? RepositoryRoot.Path : Path.GetDirectoryName(RepositoryRoot.Combine(document.Split('/')))!;
        return Path.GetFullPath(Path.Combine(from, unescaped.TrimStart('/'))).TrimEnd(Path.DirectorySeparatorChar);
    }

    private static bool HasScheme(string target) => Scheme().IsMatch(target);

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9+.-]*:")]
    private static partial Regex Scheme();
}
