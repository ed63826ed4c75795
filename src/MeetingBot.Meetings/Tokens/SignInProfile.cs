using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MeetingBot.Meetings.Tokens;

/// <summary>
/// The profile a sign-in shares with Huawei under <c>HuaweiMeeting:ShareProfile</c>: the display name as <c>userName</c>
/// and, with <see cref="HuaweiProfileSharing.NameAndEmail"/>, the email as <c>userEmail</c>. Both come from a chat channel,
/// so they are cleaned (no control characters, whitespace collapsed) and bounded. The email lookup never holds up a
/// sign-in: after <see cref="HuaweiMeetingOptions.EmailLookupTimeout"/>, or when it fails, the sign-in goes on without it.
/// </summary>
internal sealed class SignInProfile(IOptions<HuaweiMeetingOptions> options, TimeProvider timeProvider, ILogger<SignInProfile> logger)
{
    public const int MaxUserNameLength = 64;
    public const int MaxEmailLength = 254;

    public async Task<(string? UserName, string? UserEmail)> ForAsync(ChatUser user)
    {
        var sharing = options.Value.ShareProfile;
        if (sharing == HuaweiProfileSharing.None)
        {
            return (null, null);
        }

        var userName = CleanUserName(user.DisplayName);
        var userEmail = sharing == HuaweiProfileSharing.NameAndEmail && user.LookUpEmail is { } lookUp
            ? CleanEmail(await LookUpWithinBoundAsync(lookUp))
            : null;
        return (userName, userEmail);
    }

    /// <summary>Control and format characters dropped, whitespace runs made one space, cut at 64 characters (never inside a character).</summary>
    public static string? CleanUserName(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }

        var clean = new StringBuilder(name.Length);
        var lastWasSpace = true;
        foreach (var c in name)
        {
            if (char.IsWhiteSpace(c))
            {
                if (!lastWasSpace)
                {
                    clean.Append(' ');
                    lastWasSpace = true;
                }
            }
            else if (!char.IsControl(c) && CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.Format)
            {
                clean.Append(c);
                lastWasSpace = false;
            }
        }

        var text = clean.ToString().TrimEnd();
        if (text.Length > MaxUserNameLength)
        {
            // Cut at a text element boundary so a surrogate pair or combined character is never split.
            var elements = StringInfo.ParseCombiningCharacters(text);
            var cut = elements.LastOrDefault(start => start <= MaxUserNameLength);
            text = text[..cut].TrimEnd();
        }

        return text.Length == 0 ? null : text;
    }

    /// <summary>A plausible address (one '@', no spaces or control characters, at most 254 characters), else null.</summary>
    public static string? CleanEmail(string? email)
    {
        var value = email?.Trim();
        if (string.IsNullOrEmpty(value) || value.Length > MaxEmailLength || value.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            return null;
        }

        var at = value.IndexOf('@', StringComparison.Ordinal);
        return at > 0 && at == value.LastIndexOf('@') && at < value.Length - 1 ? value : null;
    }

    private async Task<string?> LookUpWithinBoundAsync(Func<CancellationToken, Task<string?>> lookUp)
    {
        var bound = options.Value.EmailLookupTimeout;
        using var timeout = new CancellationTokenSource(bound, timeProvider);
        try
        {
            // WaitAsync too: a lookup that ignores its token must not hold up the sign-in either.
            return await lookUp(timeout.Token).WaitAsync(bound, timeProvider, timeout.Token);
        }
        catch (Exception exception) when (exception is OperationCanceledException or TimeoutException)
        {
            logger.LogInformation("The user's email was not found within {EmailLookupTimeout}; signing in without it", bound);
            return null;
        }
        catch (Exception exception)
        {
            logger.LogWarning("The user's email could not be looked up ({ExceptionType}); signing in without it", exception.GetType().Name);
            return null;
        }
    }
}
