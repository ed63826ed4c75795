using MeetingBot.Meetings.Activation;

namespace MeetingBot.Meetings.Audit;

/// <summary>Makes values that come from a chat channel or from Huawei safe to write into a log line.</summary>
public static class AuditText
{
    private const int MaxLength = 128;

    /// <summary>A valid meeting ID as digits; anything else as a placeholder, because a user may paste a password into the ID field.</summary>
    public static string MeetingId(string? meetingId)
    {
        var normalized = MeetingInput.NormalizeMeetingId(meetingId);
        return MeetingInput.ValidateMeetingId(normalized).Count == 0 ? normalized : "(invalid)";
    }

    /// <summary>Drops control characters (no forged log lines) and cuts overlong values.</summary>
    public static string? Clip(string? value)
    {
        if (value is null)
        {
            return null;
        }

        var clean = value.Any(char.IsControl) ? string.Concat(value.Where(c => !char.IsControl(c))) : value;
        return clean.Length <= MaxLength ? clean : string.Concat(clean.AsSpan(0, MaxLength), "…");
    }
}
