using System.Globalization;

namespace MeetingBot.Localization;

/// <summary>
/// The user-facing strings in one culture. Keys are the generated <see cref="Strings"/> property names
/// (<c>text[nameof(Strings.FormTitle)]</c>), so a missing key fails the build, not a conversation.
/// </summary>
public sealed class BotText
{
    public static readonly CultureInfo English = CultureInfo.GetCultureInfo("en");
    public static readonly CultureInfo SimplifiedChinese = CultureInfo.GetCultureInfo("zh-CN");

    /// <summary>The cultures the bot speaks; English is the default.</summary>
    public static IReadOnlyList<CultureInfo> SupportedCultures { get; } = [English, SimplifiedChinese];

    public BotText(CultureInfo culture) => Culture = culture;

    public CultureInfo Culture { get; }

    public string this[string key] =>
        Strings.ResourceManager.GetString(key, Culture) ?? throw new InvalidOperationException($"Missing string resource '{key}'.");

    public string Format(string key, params object?[] arguments) => string.Format(Culture, this[key], arguments);

    /// <summary>Picks the culture for a channel locale such as "zh-CN", "zh-Hans-CN", "en-US" or "" (the Emulator's).</summary>
    public static BotText For(string? locale) => new(ChooseCulture(locale));

    public static CultureInfo ChooseCulture(string? locale)
    {
        if (string.IsNullOrWhiteSpace(locale))
        {
            return English;
        }

        var language = locale.Trim().Replace('_', '-').Split('-')[0];
        return language.Equals("zh", StringComparison.OrdinalIgnoreCase) ? SimplifiedChinese : English;
    }
}
