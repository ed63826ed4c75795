using MeetingBot.Testing;

namespace MeetingBot.Tests.Infrastructure;

/// <summary>One app (with its sandbox) shared by the tests of a class; every test uses its own conversation and user.</summary>
public sealed class SharedBot : MeetingBotApplication
{
    // The longest invoke budget the bot allows: a loaded test machine must not turn a quick activation into the slow path.
    public SharedBot() => WithSetting("Bot:InvokeReplyBudget", "00:00:10");
}
