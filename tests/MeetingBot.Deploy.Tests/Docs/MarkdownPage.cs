using Markdig;
using Markdig.Renderers.Html;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using MeetingBot.Deploy.Tests.Support;

namespace MeetingBot.Deploy.Tests.Docs;

/// <summary>A link in a Markdown page: its 1-based line and its target as written.</summary>
internal sealed record MarkdownLink(int Line, string Target);

/// <summary>
/// One Markdown file of the repository, parsed as CommonMark (so nothing in a code span or code block counts as a link),
/// with the heading anchors GitHub gives it.
/// </summary>
internal sealed class MarkdownPage
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UsePipeTables()
        .UseAutoIdentifiers(Markdig.Extensions.AutoIdentifiers.AutoIdentifierOptions.GitHub)
        .Build();

    private MarkdownPage(string relativePath, MarkdownDocument document)
    {
        RelativePath = relativePath;
        Links = [.. document.Descendants<LinkInline>().Select(link => new MarkdownLink(link.Line + 1, link.Url ?? string.Empty))];
        Anchors = document.Descendants<HeadingBlock>().Select(heading => heading.GetAttributes().Id!).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The path from the repository root, with '/' separators, e.g. <c>docs/state.md</c>.</summary>
    public string RelativePath { get; }

    /// <summary>Every link and image, in the order they appear.</summary>
    public IReadOnlyList<MarkdownLink> Links { get; }

    /// <summary>The ids GitHub gives the page's headings (lower case, punctuation dropped, spaces as '-', repeats numbered).</summary>
    public IReadOnlySet<string> Anchors { get; }

    public static MarkdownPage Load(string relativePath) =>
        new(relativePath, Markdown.Parse(File.ReadAllText(RepositoryRoot.Combine(relativePath.Split('/'))), Pipeline));

    /// <summary>
    /// The README, every page under <c>docs/</c>, and the deployment guide they send operators to.
    /// </summary>
    public static IReadOnlyList<string> DocumentationPaths()
    {
        var docs = Directory.EnumerateFiles(RepositoryRoot.Combine("docs"), "*.md", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(RepositoryRoot.Path, path).Replace(Path.DirectorySeparatorChar, '/'))
            .Order(StringComparer.Ordinal);
        return ["README.md", .. docs, "deploy/README.md"];
    }
}
