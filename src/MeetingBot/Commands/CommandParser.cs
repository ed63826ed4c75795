using System.Text.RegularExpressions;
using MeetingBot.Meetings.Activation;

namespace MeetingBot.Commands;

/// <summary>
/// The one command grammar shared by every channel: <c>activate [meeting ID] [password]</c>, <c>meetings</c> (and their
/// aliases), <c>help</c>, <c>signout</c>, <c>cancel</c>. Case-insensitive, optional leading slash, optional leading
/// mentions, whole words only. A pasted join link or invitation text (<see cref="PastedMeeting"/>) reads as
/// <c>activate &lt;its meeting ID&gt;</c>.
/// </summary>
public static partial class CommandParser
{
    /// <summary>
    /// Huawei Cloud Meeting IDs have at least this many digits. A spaced ID ("986 030 665") keeps absorbing short digit
    /// groups until it is this long, so that "986 030 665 123456" and "986 030 665 1234" both read as ID + password.
    /// </summary>
    internal const int TypicalMeetingIdDigits = 9;

    private const int MaxDigitGroupLength = 4;

    private static readonly IReadOnlyList<(string Phrase, CommandKind Kind)> Phrases =
    [
        .. CommandCatalog.Commands
            .SelectMany(c => c.Aliases.Prepend(c.Name).Select(phrase => (phrase, c.Kind)))
            .OrderByDescending(p => p.phrase.Length),
    ];

    public static Command Parse(string? text)
    {
        var input = StripPrefixes(text ?? string.Empty);
        if (input.Length == 0)
        {
            return new Command(CommandKind.Help);
        }

        foreach (var (phrase, kind) in Phrases)
        {
            if (!TryMatchPhrase(input, phrase, out var rest))
            {
                continue;
            }

            return kind == CommandKind.Activate ? ParseActivateArguments(rest) : new Command(kind);
        }

        return Pasted(input);
    }

    /// <summary>Removes leading <c>&lt;at&gt;…&lt;/at&gt;</c> tags, <c>@name</c> mentions and one slash.</summary>
    private static string StripPrefixes(string text)
    {
        var stripped = LeadingMentions().Replace(text, string.Empty).Trim();
        if (stripped.Length > 0 && stripped[0] is '/' or '／')
        {
            stripped = stripped[1..].TrimStart();
        }

        return stripped;
    }

    private static bool TryMatchPhrase(string input, string phrase, out string rest)
    {
        rest = string.Empty;
        var position = 0;
        var words = phrase.Split(' ');
        for (var i = 0; i < words.Length; i++)
        {
            if (i > 0)
            {
                var wordStart = position;
                while (position < input.Length && char.IsWhiteSpace(input[position]))
                {
                    position++;
                }

                if (position == wordStart)
                {
                    return false;
                }
            }

            var word = words[i];
            if (position + word.Length > input.Length
                || string.Compare(input, position, word, 0, word.Length, StringComparison.OrdinalIgnoreCase) != 0)
            {
                return false;
            }

            position += word.Length;
        }

        if (position == input.Length)
        {
            return true;
        }

        var next = input[position];
        // Chinese is written without spaces: "激活986030665" is the command followed by an ID.
        var endsWithCjk = IsCjk(phrase[^1]);
        if (char.IsWhiteSpace(next) || (endsWithCjk && char.IsAsciiDigit(next)))
        {
            rest = input[position..].Trim();
            return true;
        }

        return false;
    }

    private static Command ParseActivateArguments(string arguments)
    {
        var tokens = Tokens().Matches(arguments);
        if (tokens.Count == 0)
        {
            return new Command(CommandKind.Activate);
        }

        // "start the server" is not a request to activate a meeting: arguments must begin with an ID (or be a pasted one).
        if (!IsDigitGroup(tokens[0].Value))
        {
            return Pasted(arguments);
        }

        var meetingId = MeetingInput.NormalizeMeetingId(tokens[0].Value);
        var next = 1;
        while (next < tokens.Count
               && meetingId.Length < TypicalMeetingIdDigits
               && IsDigitGroup(tokens[next].Value)
               && MeetingInput.NormalizeMeetingId(tokens[next].Value).Length <= MaxDigitGroupLength)
        {
            meetingId += MeetingInput.NormalizeMeetingId(tokens[next].Value);
            next++;
        }

        var password = next < tokens.Count ? arguments[tokens[next].Index..].TrimEnd() : null;
        return new Command(CommandKind.Activate, meetingId, password);
    }

    private static Command Pasted(string text) =>
        PastedMeeting.MeetingIdIn(text) is { } meetingId ? new Command(CommandKind.Activate, meetingId) : Command.Unknown;

    private static bool IsDigitGroup(string token) =>
        token.Length > 0 && char.IsAsciiDigit(token[0]) && token.All(c => char.IsAsciiDigit(c) || c == '-');

    private static bool IsCjk(char c) => c is >= '\u4E00' and <= '\u9FFF';

    [GeneratedRegex(@"^\s*(?:(?:<at>.*?</at>|@\S+)\s*)+", RegexOptions.IgnoreCase)]
    private static partial Regex LeadingMentions();

    [GeneratedRegex(@"\S+")]
    private static partial Regex Tokens();
}
