using System.Text.Json.Nodes;
using MeetingBot.Commands;
using MeetingBot.Deploy.Tests.Support;

namespace MeetingBot.Deploy.Tests.Manifest;

/// <summary>The Teams and Slack manifests advertise exactly the commands the bot's parser understands.</summary>
public class ManifestCommandsTests
{
    private static JsonObject ReadJson(params string[] path) => JsonNode.Parse(File.ReadAllText(RepositoryRoot.Combine(path)))!.AsObject();

    private static readonly JsonObject TeamsManifest = ReadJson("manifest", "manifest.json");

    private static IEnumerable<JsonObject> CommandLists =>
        TeamsManifest["bots"]![0]!["commandLists"]!.AsArray().Select(l => l!.AsObject());

    private static IEnumerable<JsonObject> CommandsOf(JsonObject list) => list["commands"]!.AsArray().Select(c => c!.AsObject());

    [Fact]
    public void Every_Teams_command_list_holds_exactly_the_catalog_commands_in_catalog_order()
    {
        Assert.Equal(3, CommandLists.Count());
        Assert.All(CommandLists, list =>
            Assert.Equal(CommandCatalog.Names, CommandsOf(list).Select(c => (string)c["title"]!)));
    }

    [Fact]
    public void Teams_command_descriptions_are_the_catalog_descriptions()
    {
        var descriptions = CommandCatalog.Commands.ToDictionary(c => c.Name, c => c.Description);

        Assert.All(CommandLists.SelectMany(CommandsOf), command =>
            Assert.Equal(descriptions[(string)command["title"]!], (string)command["description"]!));
    }

    [Theory]
    [InlineData("{0}")]
    [InlineData("/{0}")]
    [InlineData("<at>MeetingBot</at> {0}")]
    public void The_parser_understands_every_Teams_command_as_typed_mentioned_or_slashed(string form)
    {
        var catalog = CommandCatalog.Commands.ToDictionary(c => c.Name, c => c.Kind);

        Assert.All(CommandLists.SelectMany(CommandsOf).Select(c => (string)c["title"]!), title =>
            Assert.Equal(catalog[title], CommandParser.Parse(string.Format(System.Globalization.CultureInfo.InvariantCulture, form, title)).Kind));
    }

    [Fact]
    public void Localized_command_titles_stay_the_words_the_parser_reads()
    {
        var localizationInfo = TeamsManifest["localizationInfo"]!;
        var files = localizationInfo["additionalLanguages"]!.AsArray().Select(l => (string)l!["file"]!)
            .Prepend((string)localizationInfo["defaultLanguageFile"]!);

        foreach (var file in files)
        {
            var titles = ReadJson("manifest", file).Where(p => p.Key.EndsWith(".title", StringComparison.Ordinal)).Select(p => (string)p.Value!).ToList();
            Assert.Equal(CommandCatalog.Names.Count * CommandLists.Count(), titles.Count);
            Assert.All(titles, title => Assert.NotEqual(CommandKind.Unknown, CommandParser.Parse(title).Kind));
        }
    }

    private static IEnumerable<JsonObject> SlackSlashCommands =>
        ReadJson("manifest", "slack", "manifest.json")["features"]!["slash_commands"]!.AsArray().Select(c => c!.AsObject());

    [Fact]
    public void The_Slack_activate_slash_command_is_the_parser_s_activate()
    {
        var activate = SlackSlashCommands.Single(c => (string)c["command"]! == "/" + CommandCatalog.Activate);

        Assert.Equal(CommandKind.Activate, CommandParser.Parse((string)activate["command"]!).Kind);
        Assert.Equal(CommandCatalog.Get(CommandKind.Activate).Usage, $"{CommandCatalog.Activate} {(string)activate["usage_hint"]!}");
    }

    [Fact]
    public void The_Slack_umbrella_slash_command_offers_exactly_the_catalog_commands()
    {
        var umbrella = SlackSlashCommands.Single(c => (string)c["command"]! == "/meetingbot");
        var offered = ((string)umbrella["usage_hint"]!).Split('|', StringSplitOptions.TrimEntries);

        Assert.Equal(CommandCatalog.Commands.Select(c => c.Usage), offered);
        Assert.All(offered, usage => Assert.NotEqual(CommandKind.Unknown, CommandParser.Parse(usage.Split(' ')[0]).Kind));
    }
}
