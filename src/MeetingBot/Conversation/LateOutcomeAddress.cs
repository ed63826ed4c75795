namespace MeetingBot.Conversation;

/// <summary>
/// Where a late outcome goes, as plain data: enough for any replica to deliver it, and the culture of its text.
/// Never a password or token; a Slack <c>response_url</c> is a capability, so stores keep addresses encrypted.
/// </summary>
public abstract record LateOutcomeAddress(string Culture);
