using System.Net;
using System.Text.Json;
using MeetingBot.Deploy.Tests.Support;
using MeetingBot.Testing;

namespace MeetingBot.Deploy.Tests.Manifest;

/// <summary>The pages the Teams manifest links to (website, privacy, terms) are served by the bot itself.</summary>
public class ManifestLinksTests(MeetingBotApplication app) : IClassFixture<MeetingBotApplication>
{
    public static TheoryData<string> LinkedPaths()
    {
        using var manifest = JsonDocument.Parse(File.ReadAllText(RepositoryRoot.Combine("manifest", "manifest.json")));
        var developer = manifest.RootElement.GetProperty("developer");
        var paths = new TheoryData<string>();
        foreach (var link in new[] { "websiteUrl", "privacyUrl", "termsOfUseUrl" })
        {
            var url = developer.GetProperty(link).GetString()!.Replace("${{BOT_DOMAIN}}", "bot.example", StringComparison.Ordinal);
            paths.Add(new Uri(url).AbsolutePath);
        }

        return paths;
    }

    [Theory]
    [MemberData(nameof(LinkedPaths))]
    public async Task Every_page_the_manifest_links_to_is_served_by_the_bot(string path)
    {
        using var response = await app.Http.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("MeetingBot", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
