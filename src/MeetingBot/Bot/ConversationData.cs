namespace MeetingBot.Bot;

/// <summary>What the bot keeps per conversation (in <c>ConversationState</c>). Never a password.</summary>
public sealed class ConversationData
{
    public bool WelcomeSent { get; set; }

    public FormLedger Forms { get; set; } = new();
}

/// <summary>What the bot keeps per user (in <c>UserState</c>). Never a password.</summary>
public sealed class UserProfile
{
    /// <summary>The meeting ID this user last submitted, to prefill the next form.</summary>
    public string? LastMeetingId { get; set; }
}
