namespace MeetingBot.Meetings.Tokens;

/// <summary>A user's Huawei access token and when it stops being usable. <see cref="ToString"/> never shows the value.</summary>
public sealed record AccessToken(string Value, DateTimeOffset ExpiresAt)
{
    public override string ToString() => $"AccessToken {{ ExpiresAt = {ExpiresAt:O} }}";
}
