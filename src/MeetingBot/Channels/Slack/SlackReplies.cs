using MeetingBot.Cards;
using MeetingBot.Localization;
using MeetingBot.Meetings.Activation;
using MeetingBot.Meetings.Listing;
using static MeetingBot.Channels.Slack.SlackMrkdwn;
using MeetingBot.Conversation;

namespace MeetingBot.Channels.Slack;

/// <summary>
/// Whom a Slack reply answers: a slash command (<paramref name="Syntax"/> names the command typed), or a message through
/// Azure Bot Service (no syntax: Slack shows Adaptive Cards as public images, so forms cannot work there and the user is
/// pointed at the slash command, where only they see the password).
/// </summary>
public sealed record SlackAudience(string UserId, SlashCommandSyntax? Syntax = null)
{
    public SlashCommandSyntax CommandSyntax => Syntax ?? SlashCommandSyntax.Default;
}

/// <summary>
/// The one Slack renderer: turns every <see cref="BotReply"/> into Block Kit blocks plus a plain text fallback (the
/// text alone is what a message through Azure Bot Service carries), from the bot's resources, with the same wording as
/// the cards. Replies never contain the password: nothing here receives it.
/// </summary>
public sealed class SlackReplies(BotText text)
{
    public System.Globalization.CultureInfo Culture => text.Culture;

    public SlackMessage Render(BotReply reply, SlackAudience audience) => reply switch
    {
        ResultReply result => Activated(result.Result, audience.UserId, result.Sandbox),
        ErrorReply error => Failed(error.Result, audience.CommandSyntax),
        FormReply { Form.Problems.Count: > 0 } form => InvalidInput(form.Form.MeetingId, form.Form.Problems, audience.CommandSyntax),
        FormReply when audience.Syntax is not null => Usage(audience.Syntax, UsageLead.ArgumentsMissing),
        FormReply or AlreadyUsedReply or WelcomeReply => Plain(Escape(text[nameof(Strings.Slack_UseSlashCommand)])),
        ActivatingReply activating => Activating(activating.MeetingId),
        RestartReply restart => Plain(text.Format(nameof(Strings.RestartNotice), Escape(restart.MeetingId))),
        LostTrackReply lost => Plain(text.Format(nameof(Strings.LostTrackNotice), Escape(lost.MeetingId))),
        HelpReply help => Usage(audience.CommandSyntax, help.NotUnderstood ? UsageLead.NotUnderstood : UsageLead.None),
        NoticeReply notice => Plain(Escape(text[notice.TextKey])),
        ApologyReply apology => Unexpected(apology.CorrelationId),
        UnavailableReply => Plain(Escape(text[nameof(Strings.StateUnavailable)])),
        MeetingListReply list => Meetings(list),
        MeetingListFailedReply failed => Plain(Escape(MeetingListFailureText.For(failed.Outcome, failed.RequestId, text))),
        NotHostReply notHost => Plain(Escape(text.Format(nameof(Strings.NotHostText), notHost.MeetingId))),
        AlreadyActivatedReply already => Plain(Escape(text.Format(nameof(Strings.AlreadyActivatedFromCard), already.MeetingId))),
        _ => throw new ArgumentOutOfRangeException(nameof(reply), reply.GetType().Name, "Unknown reply."),
    };

    public SlackMessage Activated(ActivationResult result, string userId, bool sandbox)
    {
        var by = Mention(userId) ?? Escape(userId);
        List<MrkdwnText> context =
        [
            new($"{text[nameof(Strings.ResultActivatedBy)]}: {by} · {text[nameof(Strings.ResultActivatedAt)]}: {Date(result.CompletedAt)}"),
        ];
        if (sandbox)
        {
            context.Add(new MrkdwnText(Escape(text[nameof(Strings.SandboxFooter)])));
        }

        var fallback = text.Format(
            nameof(Strings.Slack_Activated), Escape(result.MeetingId), Escape(result.RegionIp), by, PlainDate(result.CompletedAt));
        return new SlackMessage(
            sandbox ? $"{fallback} {Escape(text[nameof(Strings.SandboxFooter)])}" : fallback,
            [
                new SectionBlock(
                    new MrkdwnText(Bold(Escape(text[nameof(Strings.ResultTitle)]))),
                    [
                        new MrkdwnText($"{Bold(Escape(text[nameof(Strings.ResultRegionIp)]))}\n{Code(result.RegionIp)}"),
                        new MrkdwnText($"{Bold(Escape(text[nameof(Strings.ResultMeetingId)]))}\n{Escape(result.MeetingId)}"),
                    ]),
                new ContextBlock(context),
            ]);
    }

    public SlackMessage Failed(ActivationResult result, SlashCommandSyntax syntax)
    {
        if (result.Outcome == ActivationOutcome.InvalidInput && result.InputProblems.Count > 0)
        {
            return InvalidInput(result.MeetingId, result.InputProblems, syntax);
        }

        var next = result.Outcome == ActivationOutcome.InvalidInput
            ? CheckCommand(syntax)
            : Escape(ErrorCard.WhatToDoNext(result, text));
        return Failure(result.MeetingId, Escape(ErrorCard.WhatWentWrong(result, text)), next, Reference(result));
    }

    /// <summary>Input the bot refused before calling Huawei: each problem, and the command to check (there is no form in Slack).</summary>
    public SlackMessage InvalidInput(string? meetingId, IReadOnlyList<InputProblem> problems, SlashCommandSyntax syntax) =>
        Failure(meetingId, string.Join(' ', problems.Select(problem => Escape(text[$"Problem_{problem}"]))), CheckCommand(syntax), reference: null);

    private SlackMessage Failure(string? meetingId, string problem, string next, string? reference)
    {
        var meeting = $"{Escape(text[nameof(Strings.ResultMeetingId)])}: {Escape(meetingId)}";
        List<SlackBlock> blocks =
        [
            new SectionBlock(new MrkdwnText($"{Bold(Escape(text[nameof(Strings.ErrorTitle)]))} ({meeting})\n{problem}\n{Bold(next)}")),
        ];
        if (reference is not null)
        {
            blocks.Add(new ContextBlock([new MrkdwnText(reference)]));
        }

        var fallback = text.Format(nameof(Strings.Slack_Failed), Escape(meetingId), problem, next);
        return new SlackMessage(reference is null ? fallback : $"{fallback} {reference}", blocks);
    }

    public SlackMessage Activating(string meetingId) =>
        Plain($"{text.Format(nameof(Strings.Slack_Activating), Escape(meetingId))} {Escape(text[nameof(Strings.Slack_ActivatingText)])}");

    public SlackMessage SignedOut() => Plain(Escape(text[nameof(Strings.SignedOutText)]));

    public SlackMessage Cancelled() => Plain(Escape(text[nameof(Strings.CancelledText)]));

    /// <summary>The workspace is not in <c>Slack:AllowedTeams</c>.</summary>
    public SlackMessage TeamNotAllowed() => Plain(Escape(text[nameof(Strings.TenantNotAllowed)]));

    public SlackMessage Unexpected(string reference) => Plain(text.Format(nameof(Strings.TurnError), Escape(reference)));

    /// <param name="syntax">How the commands are typed with the slash command the user invoked.</param>
    /// <param name="lead">Why the help is shown (not understood, arguments missing), or none when it was asked for.</param>
    public SlackMessage Usage(SlashCommandSyntax syntax, UsageLead lead)
    {
        List<string> lines =
        [
            Bold(text.Format(nameof(Strings.Slack_UsageTitle), Escape(syntax.Command))),
            $"• {ActivateSyntax(syntax)}: {Escape(text[nameof(Strings.Slack_UsageActivate)])}",
            $"• {Code(syntax.SignOut)}: {Escape(text[nameof(Strings.Help_signout)])}",
            $"• {Code(syntax.Help)}: {Escape(text[nameof(Strings.Help_help)])}",
        ];
        var leadKey = lead switch
        {
            UsageLead.NotUnderstood => nameof(Strings.HelpNotUnderstood),
            UsageLead.ArgumentsMissing => nameof(Strings.Slack_NeedsIdAndPassword),
            _ => null,
        };
        if (leadKey is not null)
        {
            lines.Insert(0, Escape(text[leadKey]));
        }

        var body = string.Join('\n', lines);
        return new SlackMessage(body, [new SectionBlock(new MrkdwnText(body))]);
    }

    private string CheckCommand(SlashCommandSyntax syntax) => text.Format(nameof(Strings.Slack_CheckCommand), ActivateSyntax(syntax));

    private string ActivateSyntax(SlashCommandSyntax syntax) =>
        Code(syntax.Activate(text[nameof(Strings.Slack_MeetingIdArgument)], text[nameof(Strings.Slack_PasswordArgument)]));

    /// <summary>Huawei's error code and request id and our reference (the trace id) in small print, for support; null when there are none.</summary>
    private string? Reference(ActivationResult result)
    {
        List<string> parts = [];
        if (!string.IsNullOrEmpty(result.ErrorCode))
        {
            parts.Add(text.Format(nameof(Strings.ErrorCode), Code(result.ErrorCode)));
        }

        if (!string.IsNullOrEmpty(result.RequestId))
        {
            parts.Add(text.Format(nameof(Strings.RequestId), Code(result.RequestId)));
        }

        if (!string.IsNullOrEmpty(result.Reference))
        {
            parts.Add(text.Format(nameof(Strings.Reference), Code(result.Reference)));
        }

        return parts.Count == 0 ? null : string.Join(" · ", parts);
    }

    /// <summary>Longest subject shown: Block Kit takes at most 3000 characters in a section, escaping included.</summary>
    public const int MaxSubjectLength = 200;

    /// <summary>
    /// The user's meetings, soonest first: a section per meeting (subject, start in UTC as Slack tells the bot no time
    /// zone, meeting ID, in progress or scheduled) with an Activate button beside each one the user hosts, and "more in
    /// Huawei Cloud Meeting" when Huawei has more. At most <see cref="ActivationUseCase.MeetingsShown"/> meetings plus three
    /// blocks: far below Slack's 50. The text fallback (all a message through Azure Bot Service carries) lists them too.
    /// </summary>
    public SlackMessage Meetings(MeetingListReply list)
    {
        if (list.Meetings.Count == 0)
        {
            return Plain(Escape(text[nameof(Strings.MeetingsNone)]));
        }

        var title = text[nameof(Strings.MeetingsTitle)];
        List<string> lines = [Bold(Escape(title))];
        List<SlackBlock> blocks =
        [
            new HeaderBlock(new PlainText(title)),
            new ContextBlock([new MrkdwnText(Escape(text[nameof(Strings.MeetingsIntro)]))]),
        ];
        foreach (var (meeting, position) in list.Meetings.Select((meeting, position) => (meeting, position)))
        {
            var subject = Bold(Escape(Subject(meeting)));
            var details = Escape(text.Format(nameof(Strings.MeetingLine), MeetingCard.StartTime(meeting.StartsAt, list.TimeZone, text), meeting.DisplayId, State(meeting)));
            lines.Add($"• {subject}: {details}");
            blocks.Add(meeting.IsHost
                ? new SectionBlock(new MrkdwnText($"{subject}\n{details}"), Accessory: ActivateButton(meeting)) { BlockId = SlackOneClick.BlockId(list.CardId, position) }
                : new SectionBlock(new MrkdwnText($"{subject}\n{details}\n_{Escape(text[nameof(Strings.MeetingGuestOnly)])}_")));
        }

        if (list.HasMore)
        {
            var more = Escape(text[nameof(Strings.MeetingsMore)]);
            lines.Add(more);
            blocks.Add(new ContextBlock([new MrkdwnText(more)]));
        }

        return new SlackMessage(string.Join('\n', lines), blocks);
    }

    /// <summary>Carries the meeting ID only: the bot asks Huawei for the host password when it is clicked.</summary>
    private SlackButton ActivateButton(HuaweiMeeting meeting) =>
        new(new PlainText(text[nameof(Strings.ActivateHostedButton)]), SlackOneClick.ActionId, meeting.ConferenceId) { Style = "primary" };

    private string Subject(HuaweiMeeting meeting) =>
        string.IsNullOrWhiteSpace(meeting.Subject) ? text[nameof(Strings.MeetingNoSubject)]
        : meeting.Subject.Length <= MaxSubjectLength ? meeting.Subject
        : string.Concat(meeting.Subject.AsSpan(0, MaxSubjectLength), "…");

    private string State(HuaweiMeeting meeting) =>
        text[meeting.State == HuaweiMeetingState.InProgress ? nameof(Strings.MeetingInProgress) : nameof(Strings.MeetingScheduled)];

    private static SlackMessage Plain(string mrkdwn) => new(mrkdwn, [new SectionBlock(new MrkdwnText(mrkdwn))]);
}

public enum UsageLead
{
    None,
    NotUnderstood,
    ArgumentsMissing,
}
