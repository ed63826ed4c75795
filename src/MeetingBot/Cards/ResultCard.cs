using System.Globalization;
using MeetingBot.Localization;
using MeetingBot.Meetings.Activation;
using Newtonsoft.Json.Linq;
using static MeetingBot.Cards.AdaptiveElements;

namespace MeetingBot.Cards;

/// <summary>The meeting is running: its ID, the region IP (large and selectable), when and by whom; a footer in sandbox mode.</summary>
public static class ResultCard
{
    public static JObject Build(ActivationResult result, string activatedBy, bool sandbox, BotText text)
    {
        if (!result.IsActivated || result.RegionIp is null)
        {
            throw new ArgumentException("The result card shows activated meetings only.", nameof(result));
        }

        List<JObject> body =
        [
            Text("✅ " + text[nameof(Strings.ResultTitle)], TextSize.Medium, bold: true, color: TextColor.Good),
            Text(text[nameof(Strings.ResultRegionIp)], subtle: true),
            Text(result.RegionIp, TextSize.Large, bold: true, monospace: true),
            Text(text[nameof(Strings.ResultCopyHint)], TextSize.Small, subtle: true),
            Facts(
                (text[nameof(Strings.ResultMeetingId)], result.MeetingId),
                (text[nameof(Strings.ResultActivatedAt)], LocalTime(result.CompletedAt)),
                (text[nameof(Strings.ResultActivatedBy)], activatedBy)),
        ];
        if (sandbox)
        {
            body.Add(Text("🧪 " + text[nameof(Strings.SandboxFooter)], TextSize.Small, color: TextColor.Warning, separator: true));
        }

        return Card(body);
    }

    /// <summary>Adaptive Card date functions: each reader sees the time in their own time zone and format.</summary>
    internal static string LocalTime(DateTimeOffset at)
    {
        var iso = at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        return $"{{{{DATE({iso}, SHORT)}}}} {{{{TIME({iso})}}}}";
    }
}
