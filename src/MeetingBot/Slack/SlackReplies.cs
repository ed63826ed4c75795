using System.Globalization;
using MeetingBot.Meetings.Activation;
using static MeetingBot.Slack.SlackMrkdwn;

namespace MeetingBot.Slack;

/// <summary>
/// Builds every slash-command reply (Block Kit blocks plus a plain text fallback). Replies never contain the
/// password: nothing here receives it.
/// </summary>
public sealed class SlackReplies(CultureInfo culture)
{
    public SlackMessage Activated(ActivationResult result, string userId, bool sandbox)
    {
        var title = Format(SlackText.ActivatedTitle, Escape(result.MeetingId));
        var by = Mention(userId) ?? Escape(userId);
        var context = new List<MrkdwnText> { new(Format(SlackText.ActivatedBy, by, Date(result.CompletedAt))) };
        if (sandbox)
        {
            context.Add(new MrkdwnText(SlackText.SandboxNotice));
        }

        return new SlackMessage(
            $"{title} {SlackText.RegionIpLabel}: {Escape(result.RegionIp)}",
            [
                new SectionBlock(
                    new MrkdwnText(Bold(title)),
                    [
                        new MrkdwnText($"{Bold(SlackText.RegionIpLabel)}\n{Code(result.RegionIp)}"),
                        new MrkdwnText($"{Bold(SlackText.MeetingIdLabel)}\n{Escape(result.MeetingId)}"),
                    ]),
                new ContextBlock(context),
            ]);
    }

    public SlackMessage Failed(ActivationResult result, SlashCommandSyntax syntax)
    {
        var title = Format(SlackText.FailedTitle, Escape(result.MeetingId));
        var (problem, next) = Explain(result, syntax);
        var blocks = new List<SlackBlock> { new SectionBlock(new MrkdwnText($"{Bold(title)}\n{problem}\n{next}")) };
        var reference = Reference(result);
        if (reference is not null)
        {
            blocks.Add(new ContextBlock([new MrkdwnText(reference)]));
        }

        var text = reference is null ? $"{title} {problem} {next}" : $"{title} {problem} {next} ({reference})";
        return new SlackMessage(text, blocks);
    }

    public SlackMessage Activating(string meetingId) => Plain(Format(SlackText.Activating, Escape(meetingId)));

    public SlackMessage SignedOut() => Plain(SlackText.SignedOut);

    public SlackMessage NothingToCancel() => Plain(SlackText.NothingToCancel);

    public SlackMessage Unexpected(string reference) => Plain(Format(SlackText.Unexpected, Escape(reference)));

    /// <param name="lead">Why the help is shown (not understood, arguments missing), or null when it was asked for.</param>
    public SlackMessage Usage(SlashCommandSyntax syntax, UsageLead lead)
    {
        var activate = Code(syntax.Activate(SlackText.MeetingIdPlaceholder, SlackText.PasswordPlaceholder));
        var lines = new List<string>
        {
            Bold(Format(SlackText.UsageTitle, Escape(syntax.Command))),
            "• " + Format(SlackText.UsageActivate, activate),
            "• " + Format(SlackText.UsageSignOut, Code(syntax.SignOut)),
            "• " + Format(SlackText.UsageHelp, Code(syntax.Help)),
        };
        var leadText = lead switch
        {
            UsageLead.NotUnderstood => SlackText.UsageNotUnderstood,
            UsageLead.ArgumentsMissing => SlackText.UsageNeedsBoth,
            _ => null,
        };
        if (leadText is not null)
        {
            lines.Insert(0, leadText);
        }

        var body = string.Join('\n', lines);
        return new SlackMessage(body, [new SectionBlock(new MrkdwnText(body))]);
    }

    private (string Problem, string Next) Explain(ActivationResult result, SlashCommandSyntax syntax) => result.Outcome switch
    {
        ActivationOutcome.InvalidInput => (
            string.Join(' ', result.InputProblems.Select(Describe).DefaultIfEmpty(SlackText.MeetingIdMissing)),
            Format(SlackText.InvalidInputNext, Code(syntax.Activate(SlackText.MeetingIdPlaceholder, SlackText.PasswordPlaceholder)))),
        ActivationOutcome.WrongMeetingIdOrPassword => (SlackText.WrongMeetingIdOrPassword, SlackText.WrongMeetingIdOrPasswordNext),
        ActivationOutcome.MeetingNotFound => (SlackText.MeetingNotFound, SlackText.MeetingNotFoundNext),
        ActivationOutcome.NotPermitted => (SlackText.NotPermitted, SlackText.NotPermittedNext),
        ActivationOutcome.RateLimited => (SlackText.RateLimited, TryAgainAfter(result.RetryAfter)),
        ActivationOutcome.LockedOut => (SlackText.LockedOut, TryAgainAfter(result.RetryAfter)),
        ActivationOutcome.AuthenticationFailed => (SlackText.AuthenticationFailed, SlackText.AuthenticationFailedNext),
        ActivationOutcome.TimedOut => (SlackText.TimedOut, SlackText.TimedOutNext),
        _ => (SlackText.ServiceUnavailable, SlackText.ServiceUnavailableNext),
    };

    private static string Describe(InputProblem problem) => problem switch
    {
        InputProblem.MeetingIdMissing => SlackText.MeetingIdMissing,
        InputProblem.MeetingIdNotDigits => SlackText.MeetingIdNotDigits,
        InputProblem.MeetingIdWrongLength => SlackText.MeetingIdWrongLength,
        InputProblem.PasswordMissing => SlackText.PasswordMissing,
        InputProblem.PasswordTooLong => SlackText.PasswordTooLong,
        _ => SlackText.PasswordHasControlCharacters,
    };

    private string TryAgainAfter(TimeSpan? retryAfter) => retryAfter switch
    {
        null => SlackText.TryAgainShortly,
        { TotalSeconds: <= 90 } wait => Format(SlackText.TryAgainInSeconds, Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds))),
        { } wait => Format(SlackText.TryAgainInMinutes, (int)Math.Ceiling(wait.TotalMinutes)),
    };

    private string? Reference(ActivationResult result) => (result.ErrorCode, result.RequestId) switch
    {
        (null, null) => null,
        ({ } code, null) => Format(SlackText.ErrorCodeOnly, Code(code)),
        (null, { } id) => Format(SlackText.RequestIdOnly, Code(id)),
        ({ } code, { } id) => Format(SlackText.ErrorReference, Code(code), Code(id)),
    };

    private static SlackMessage Plain(string text) => new(text, [new SectionBlock(new MrkdwnText(text))]);

    private string Format(string format, params object?[] args) => string.Format(culture, format, args);
}

public enum UsageLead
{
    None,
    NotUnderstood,
    ArgumentsMissing,
}
