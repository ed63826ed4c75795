using System.ComponentModel.DataAnnotations;

namespace MeetingBot.Channels.Slack;

/// <summary>Configuration section <c>Slack</c>: the slash-command endpoint served by this host.</summary>
public sealed class SlackOptions
{
    public const string SectionName = "Slack";

    /// <summary>The Slack app's signing secret. Unset: the slash-command endpoint answers 404.</summary>
    public string? SigningSecret { get; set; }

    /// <summary>
    /// How long a slash command waits for the activation before it answers with an acknowledgement and
    /// posts the outcome to <c>response_url</c> instead. Slack gives up after 3 seconds.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:00:02.500")]
    public TimeSpan ReplyBudget { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Slash-command bodies are a few hundred bytes; anything far larger is refused with 413.</summary>
    [Range(1024, 1024 * 1024)]
    public int MaxRequestBodyBytes { get; set; } = 16 * 1024;

    /// <summary>
    /// Lets <c>response_url</c> point at a loopback address (http or https), for tests and local tools.
    /// Off by default: then only https://hooks.slack.com is accepted.
    /// </summary>
    public bool AllowLoopbackResponseUrl { get; set; }

    /// <summary>
    /// Slack workspaces (team ids) the bot serves, like <c>Bot:AllowedTenants</c> for Teams; empty serves every workspace.
    /// Others get a polite refusal, are logged, and never reach Huawei.
    /// </summary>
    public IReadOnlyList<string> AllowedTeams { get; set; } = [];

    public bool IsTeamAllowed(string teamId) =>
        AllowedTeams.Count == 0 || AllowedTeams.Contains(teamId.Trim(), StringComparer.OrdinalIgnoreCase);

    public bool IsEnabled => !string.IsNullOrEmpty(SigningSecret);
}
