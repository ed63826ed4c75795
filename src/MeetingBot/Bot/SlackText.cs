using System.Globalization;
using MeetingBot.Commands;
using MeetingBot.Localization;

namespace MeetingBot.Bot;

/// <summary>
/// Replies for Slack through Azure Bot Service, as text: Slack shows Adaptive Cards as public images, and the form
/// cannot work there; Slack users activate with the slash command, where only they see the password.
/// </summary>
public static class SlackText
{
    public static string For(BotReply reply, BotText text) => reply switch
    {
        FormReply or AlreadyUsedReply or WelcomeReply => text[nameof(Strings.Slack_UseSlashCommand)],
        ResultReply result => text.Format(
            nameof(Strings.Slack_Activated),
            result.Result.MeetingId,
            result.Result.RegionIp,
            ReplyRenderer.ActivatedBy(result, text),
            result.Result.CompletedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture))
            + (result.Sandbox ? " " + text[nameof(Strings.SandboxFooter)] : string.Empty),
        ErrorReply error => string.Join(' ', new[]
        {
            text.Format(nameof(Strings.Slack_Failed), error.Result.MeetingId, Cards.ErrorCard.WhatWentWrong(error.Result, text), Cards.ErrorCard.WhatToDoNext(error.Result, text)),
            Cards.ErrorCard.Details(error.Result, text),
        }.Where(s => s.Length > 0)),
        ActivatingReply activating => text.Format(nameof(Strings.Slack_Activating), activating.MeetingId),
        HelpReply help => Help(text, help.NotUnderstood),
        NoticeReply notice => text[notice.TextKey],
        ApologyReply apology => ReplyRenderer.Apology(apology, text),
        _ => throw new ArgumentOutOfRangeException(nameof(reply), reply.GetType().Name, "Unknown reply."),
    };

    private static string Help(BotText text, bool notUnderstood)
    {
        var lines = new List<string>();
        if (notUnderstood)
        {
            lines.Add(text[nameof(Strings.HelpNotUnderstood)]);
        }

        lines.Add(text[nameof(Strings.HelpIntro)]);
        lines.AddRange(CommandCatalog.Commands.Select(c => $"• {c.Usage}: {text["Help_" + c.Name]}"));
        lines.Add(text[nameof(Strings.Slack_UseSlashCommand)]);
        return string.Join('\n', lines);
    }
}
