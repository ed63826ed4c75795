using Newtonsoft.Json.Linq;

namespace MeetingBot.Tests.Infrastructure;

/// <summary>
/// Real channel payloads (copied from the shared fixtures with their SOURCES.md into Fixtures/activities), loaded
/// as templates. The <c>_fixture</c> provenance note is dropped: it is not part of the wire.
/// </summary>
public static class ActivityFixtures
{
    public const string TeamsPersonal = "teams-personal-message";
    public const string TeamsChannelMention = "teams-channel-mention";
    public const string TeamsCardSubmit = "teams-card-submit";
    public const string TeamsInvoke = "teams-adaptivecard-action-invoke-verb";
    public const string TeamsQueryLink = "teams-querylink-invoke";
    public const string TeamsInstallPersonal = "teams-install-conversationupdate-personal";
    public const string TeamsInstallTeam = "teams-install-conversationupdate";
    public const string TeamsInstallationUpdate = "teams-installationupdate";
    public const string Emulator = "emulator-message";
    public const string EmulatorConversationUpdate = "emulator-conversationupdate";
    public const string WebChat = "webchat-message";
    public const string DirectLine = "directline-message";
    public const string Slack = "slack-message";
    public const string SlackDirectMessage = "slack-message-im";

    public static JObject Load(string name)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "activities", name + ".json");
        var activity = JObject.Parse(File.ReadAllText(path));
        activity.Remove("_fixture");
        return activity;
    }
}
