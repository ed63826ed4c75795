using MeetingBot.Testing;
using MeetingBot.Tests.Infrastructure;

namespace MeetingBot.Tests.Telemetry;

/// <summary>The turn span names what the user typed as a command, read once by the bot: never the text itself.</summary>
public sealed class TurnSpanCommandTests
{
    [Theory]
    [InlineData("help", "help")]
    [InlineData("activate 986030665 not-a-real-password-7f3a", "activate")]
    [InlineData("what is the weather", "unknown")]
    public async Task A_typed_message_turn_span_names_its_command(string text, string command)
    {
        var telemetry = new TelemetryCapture();
        await using var host = await MeetingBotApplication.StartAsync(overrides: telemetry.Register);
        telemetry.Attach(host.Services);

        await host.Conversation(ActivityFixtures.WebChat).SendTextAsync(text);

        await Poll.UntilAsync(() => telemetry.Spans.ToArray().Any(s => s.DisplayName == "turn"), TimeSpan.FromSeconds(30), "the turn span exported");
        var turn = Assert.Single(telemetry.Spans.ToArray(), s => s.DisplayName == "turn");
        Assert.Equal(command, turn.GetTagItem("meetingbot.command"));
        Assert.DoesNotContain(turn.TagObjects, tag => tag.Value is string value && value.Contains("not-a-real-password", StringComparison.Ordinal));
    }
}
