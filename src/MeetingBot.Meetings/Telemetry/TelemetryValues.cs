using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using MeetingBot.Meetings.Activation;

namespace MeetingBot.Meetings.Telemetry;

/// <summary>
/// Attribute values for metrics and spans, each from a fixed set: anything a channel or Huawei sends that is not in
/// the set becomes <see cref="Other"/>, so no label can grow without bound or carry what a user typed.
/// </summary>
public static partial class TelemetryValues
{
    public const string Other = "other";
    public const string None = "none";

    private static readonly FrozenSet<string> Channels = FrozenSet.Create(
        StringComparer.Ordinal, "msteams", "webchat", "directline", "emulator", "slack", "test");

    private static readonly FrozenSet<string> ActivityTypes = FrozenSet.Create(
        StringComparer.Ordinal,
        "message", "invoke", "conversationUpdate", "installationUpdate", "messageReaction", "messageUpdate", "messageDelete",
        "event", "typing", "endOfConversation", "slash_command", "block_actions");

    private static readonly FrozenDictionary<string, string> Outcomes =
        Enum.GetNames<ActivationOutcome>().Append("Cancelled").Append("Failed")
            .ToFrozenDictionary(name => name, ToSnakeCase, StringComparer.Ordinal);

    // Formatted once: every Huawei answer is labelled with its status, so formatting it per request cost an allocation.
    private static readonly string[] StatusCodeTexts =
        Enumerable.Range(100, 500).Select(code => code.ToString(CultureInfo.InvariantCulture)).ToArray();

    // SnakeCase's inputs are enum names and card verbs (a fixed set), so each is converted once.
    private static readonly ConcurrentDictionary<string, string> SnakeCases = new(StringComparer.Ordinal);

    public static readonly FrozenSet<string> SignInResults = FrozenSet.Create(
        StringComparer.Ordinal, "success", "rejected", "timeout", "unreachable", "malformed_response");

    public static string Channel(string? channelId) =>
        channelId is not null && Channels.Contains(channelId) ? channelId : Other;

    public static string ActivityType(string? activityType) =>
        activityType is not null && ActivityTypes.Contains(activityType) ? activityType : Other;

    public static string Outcome(string outcome) => Outcomes.GetValueOrDefault(outcome, Other);

    public static string Outcome(ActivationOutcome outcome) => Outcome(outcome.ToString());

    public static string Reason(RefusalReason reason) => SnakeCase(reason.ToString());

    public static string StatusCode(int? statusCode) =>
        statusCode is >= 100 and <= 599 ? StatusCodeTexts[statusCode.Value - 100] : None;

    /// <summary>Huawei's codes look like <c>MMC.111072065</c> or <c>APIG.0308</c>; anything else is not one of theirs.</summary>
    public static string ErrorCode(string? errorCode) => errorCode switch
    {
        null or "" => None,
        "timeout" or "unreachable" => errorCode,
        _ when errorCode.Length <= 32 && HuaweiErrorCode().IsMatch(errorCode) => errorCode,
        _ => Other,
    };

    public static string OneOf(string value, FrozenSet<string> allowed) => allowed.Contains(value) ? value : Other;

    /// <summary><c>WrongMeetingIdOrPassword</c> → <c>wrong_meeting_id_or_password</c>.</summary>
    public static string SnakeCase(string pascalCase) => SnakeCases.GetOrAdd(pascalCase, ToSnakeCase);

    private static string ToSnakeCase(string pascalCase)
    {
        var snake = new StringBuilder(pascalCase.Length + 8);
        for (var i = 0; i < pascalCase.Length; i++)
        {
            var c = pascalCase[i];
            if (char.IsUpper(c) && i > 0)
            {
                snake.Append('_');
            }

            snake.Append(char.ToLowerInvariant(c));
        }

        return snake.ToString();
    }

    [GeneratedRegex("^[A-Z]{2,10}\\.[0-9]{1,12}$", RegexOptions.CultureInvariant)]
    private static partial Regex HuaweiErrorCode();
}
