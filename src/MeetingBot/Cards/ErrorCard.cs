using System.Globalization;
using MeetingBot.Localization;
using MeetingBot.Meetings.Activation;
using Newtonsoft.Json.Linq;
using static MeetingBot.Cards.AdaptiveElements;

namespace MeetingBot.Cards;

/// <summary>
/// An activation that failed: what went wrong in plain words, what to do next, Huawei's error code and request id in
/// small print, and "Try again" that brings the form back with the meeting ID filled in (never the password).
/// </summary>
public static class ErrorCard
{
    public static JObject Build(ActivationResult result, BotText text, CardActionStyle style)
    {
        if (result.IsActivated)
        {
            throw new ArgumentException("The error card shows failed activations only.", nameof(result));
        }

        List<JObject> body =
        [
            Text("⚠️ " + text[nameof(Strings.ErrorTitle)], TextSize.Medium, bold: true, color: TextColor.Attention),
            Text(WhatWentWrong(result, text)),
            Text(WhatToDoNext(result, text), bold: true),
        ];

        var details = Details(result, text);
        if (details.Length > 0)
        {
            body.Add(Text(details, TextSize.Small, subtle: true, separator: true));
        }

        var data = new JObject { [CardData.PrefillMeetingId] = result.MeetingId };
        return Card(body, [Action(style, text[nameof(Strings.TryAgainButton)], CardVerbs.ShowForm, data, primary: true, sendsInputs: false)]);
    }

    public static string WhatWentWrong(ActivationResult result, BotText text) => text[$"Error_{result.Outcome}_What"];

    public static string WhatToDoNext(ActivationResult result, BotText text)
    {
        var next = text[$"Error_{result.Outcome}_Next"];
        return result.RetryAfter is { } retryAfter ? next + " " + WhenToRetry(retryAfter, text) : next;
    }

    /// <summary>Seconds for a short wait, whole minutes (rounded up) from two minutes on: a lockout lasts up to a quarter of an hour.</summary>
    private static string WhenToRetry(TimeSpan retryAfter, BotText text) =>
        retryAfter >= TimeSpan.FromMinutes(2)
            ? text.Format(nameof(Strings.RetryAfterMinutes), ((int)Math.Ceiling(retryAfter.TotalMinutes)).ToString(CultureInfo.InvariantCulture))
            : text.Format(nameof(Strings.RetryAfter), Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture));

    /// <summary>Huawei's error code and request id and our reference (the trace id), for support; empty when there are none.</summary>
    public static string Details(ActivationResult result, BotText text)
    {
        List<string> parts = [];
        if (!string.IsNullOrEmpty(result.ErrorCode))
        {
            parts.Add(text.Format(nameof(Strings.ErrorCode), result.ErrorCode));
        }

        if (!string.IsNullOrEmpty(result.RequestId))
        {
            parts.Add(text.Format(nameof(Strings.RequestId), result.RequestId));
        }

        if (!string.IsNullOrEmpty(result.Reference))
        {
            parts.Add(text.Format(nameof(Strings.Reference), result.Reference));
        }

        return string.Join(" · ", parts);
    }
}
