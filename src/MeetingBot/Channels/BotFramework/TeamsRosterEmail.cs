using MeetingBot.Channels.BotFramework.LazyClients;
using MeetingBot.Meetings;
using Microsoft.Bot.Builder.Teams;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;

namespace MeetingBot.Channels.BotFramework;

/// <summary>
/// The user who activates, with a way to find their email in Teams: the member roster
/// (<c>TeamsInfo.GetMemberAsync</c>: email, else user principal name). The service layer calls it only for a sign-in that
/// shares the email (<c>HuaweiMeeting:ShareProfile=NameAndEmail</c>) and waits for it only a bounded time.
/// </summary>
public static class TeamsRosterEmail
{
    public static ChatUser ActivatingUser(ITurnContext turnContext)
    {
        var activity = (Activity)turnContext.Activity;
        var user = activity.ChatUser();
        return activity.IsTeams() ? user with { LookUpEmail = cancellationToken => FindAsync(turnContext, cancellationToken) } : user;
    }

    private static async Task<string?> FindAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        await LazyConnectorClient.EnsureCreatedAsync(turnContext);
        var member = await TeamsInfo.GetMemberAsync(turnContext, turnContext.Activity.From.Id, cancellationToken);
        return string.IsNullOrWhiteSpace(member?.Email) ? member?.UserPrincipalName : member.Email;
    }
}
