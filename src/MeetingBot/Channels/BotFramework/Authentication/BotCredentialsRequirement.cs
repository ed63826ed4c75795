using MeetingBot.Conversation;
using Microsoft.Extensions.Options;

namespace MeetingBot.Channels.BotFramework.Authentication;

/// <summary>
/// Refuses to start, in any environment, with a combination of <c>MicrosoftApp*</c> settings the Bot Framework SDK cannot
/// use (see <see cref="BotCredentials.Problems"/>), naming each wrong key: otherwise the app would start and fail every
/// request, or run as another kind of identity than the one configured.
/// </summary>
internal sealed class BotCredentialsRequirement(IConfiguration configuration) : IValidateOptions<BotOptions>
{
    public ValidateOptionsResult Validate(string? name, BotOptions options)
    {
        var problems = BotCredentials.From(configuration).Problems();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
