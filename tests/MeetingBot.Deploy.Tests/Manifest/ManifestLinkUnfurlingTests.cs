using System.Text.Json.Nodes;
using MeetingBot.Commands;
using MeetingBot.Deploy.Tests.Support;

namespace MeetingBot.Deploy.Tests.Manifest;

/// <summary>
/// The Teams manifest's link handler (link unfurling) and the bot's own reading of join links agree: Teams asks the bot
/// about exactly the links the bot can read, and about every join-link host Huawei documents.
/// </summary>
public class ManifestLinkUnfurlingTests
{
    /// <summary>
    /// Hosts of Huawei Cloud Meeting join links in Huawei's documentation: the China site and the international site
    /// (<c>server_url</c> of "Joining a Meeting via a Link"), and <c>c.</c>, the host of <c>chairJoinUri</c> and
    /// <c>guestJoinUri</c> in the examples of "Querying Meeting Details".
    /// </summary>
    public static TheoryData<string> DocumentedJoinLinkHosts() =>
        ["meeting.huaweicloud.com", "intl.meeting.huaweicloud.com", "c.meeting.huaweicloud.com"];

    private static readonly JsonObject TeamsManifest =
        JsonNode.Parse(File.ReadAllText(RepositoryRoot.Combine("manifest", "manifest.json")))!.AsObject();

    private static IReadOnlyList<string> Domains =>
        [.. TeamsManifest["composeExtensions"]![0]!["messageHandlers"]!.AsArray()
            .Where(handler => (string)handler!["type"]! == "link")
            .SelectMany(handler => handler!["value"]!["domains"]!.AsArray().Select(domain => (string)domain!))];

    /// <summary>Teams' rule: a <c>*</c> stands for exactly one label of the host name.</summary>
    private static bool Covers(string domain, string host)
    {
        var patternLabels = domain.Split('.');
        var hostLabels = host.Split('.');
        return patternLabels.Length == hostLabels.Length
            && patternLabels.Zip(hostLabels).All(pair => pair.First == "*" || string.Equals(pair.First, pair.Second, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void The_link_handler_belongs_to_the_bot()
    {
        Assert.Equal((string)TeamsManifest["bots"]![0]!["botId"]!, (string)TeamsManifest["composeExtensions"]![0]!["botId"]!);
        Assert.NotEmpty(Domains);
    }

    [Theory]
    [MemberData(nameof(DocumentedJoinLinkHosts))]
    public void Teams_asks_the_bot_about_every_join_link_host_Huawei_documents(string host)
    {
        Assert.Contains(Domains, domain => Covers(domain, host));
    }

    [Fact]
    public void The_bot_reads_the_meeting_ID_of_a_join_link_on_every_domain_Teams_asks_about()
    {
        Assert.All(Domains, domain =>
        {
            var host = domain.Replace("*", "c", StringComparison.Ordinal);
            Assert.Equal("986030672", PastedMeeting.MeetingIdInJoinLink($"https://{host}/#/j/986030672/6a30b8b5a325105da031442627828e496f91021ece36405f"));
        });
    }
}
