namespace MeetingBot.Channels.Slack;

/// <summary>The verdict on a request's Slack signature. Only <see cref="Valid"/> lets a request through.</summary>
public enum SlackSignatureCheck
{
    Valid,
    MissingHeaders,
    MalformedTimestamp,
    StaleTimestamp,
    MalformedSignature,
    Mismatch,
}
