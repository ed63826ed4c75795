using System.ComponentModel.DataAnnotations;

namespace MeetingBot.Conversation;

/// <summary>The <c>Bot</c> configuration section.</summary>
public sealed class BotOptions
{
    public const string SectionName = "Bot";

    /// <summary>
    /// How long a Teams card action may wait for Huawei before the bot answers with an "activating…" card and
    /// updates it later. Teams gives an invoke a few seconds at most.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:00:10")]
    public TimeSpan InvokeReplyBudget { get; set; } = TimeSpan.FromSeconds(4);

    /// <summary>How many forms per conversation the bot remembers, to recognise a second submit of the same form.</summary>
    [Range(1, 1000)]
    public int RememberedFormsPerConversation { get; set; } = 50;

    /// <summary>
    /// On shutdown (SIGTERM), how long activations in flight on any channel may take to finish and be delivered; the
    /// users of those still running then are told the bot restarted. Longer than one activation's deadline.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan ShutdownGracePeriod { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Teams tenants (AAD tenant ids) the bot serves; empty serves every tenant. Activities that carry another
    /// tenant, and Teams activities that carry none, get a polite refusal and never reach Huawei.
    /// </summary>
    public IReadOnlyList<string> AllowedTenants { get; set; } = [];

    /// <summary>The largest request body <c>/api/messages</c> accepts; larger ones get 413. Real activities are a few KB.</summary>
    [Range(1_024, 16 * 1024 * 1024)]
    public int MaxRequestBytes { get; set; } = 256 * 1024;

    /// <summary>
    /// Outside Development the app refuses to start with an empty <c>MicrosoftAppId</c> (anyone could talk to the bot as
    /// anyone) unless this is <c>true</c>: a deliberate choice, warned about loudly at startup.
    /// </summary>
    public bool AllowUnauthenticated { get; set; }
}
