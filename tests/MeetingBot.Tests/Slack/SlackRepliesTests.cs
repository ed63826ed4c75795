using System.Globalization;
using System.Text.Json;
using MeetingBot.Meetings.Activation;
using MeetingBot.Slack;

namespace MeetingBot.Tests.Slack;

public class SlackRepliesTests
{
    private static readonly SlackReplies Replies = new(CultureInfo.GetCultureInfo("en"));
    private static readonly SlashCommandSyntax ActivateCommand = new("/activate", CommandIsActivate: true);
    private static readonly DateTimeOffset Completed = new(2026, 11, 26, 6, 40, 0, TimeSpan.Zero);

    private static JsonElement Wire(SlackMessage message) =>
        JsonDocument.Parse(JsonSerializer.Serialize(message, SlackMessage.JsonOptions)).RootElement;

    /// <summary>Every string value in the message, decoded (the raw JSON escapes &lt; and &gt;).</summary>
    internal static string AllText(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString()!,
        JsonValueKind.Object => string.Join('\n', element.EnumerateObject().Select(property => AllText(property.Value))),
        JsonValueKind.Array => string.Join('\n', element.EnumerateArray().Select(AllText)),
        _ => string.Empty,
    };

    private static ActivationResult Failure(ActivationOutcome outcome, string? code = "MMC.111072065", string? requestId = "req-42") => new()
    {
        Outcome = outcome,
        MeetingId = "986030665",
        ErrorCode = code,
        RequestId = requestId,
        CompletedAt = Completed,
    };

    [Fact]
    public void Every_reply_is_ephemeral_block_kit_with_a_text_fallback()
    {
        SlackMessage[] messages =
        [
            Replies.Activated(new ActivationResult { Outcome = ActivationOutcome.Activated, MeetingId = "986030665", RegionIp = "100.94.23.40", CompletedAt = Completed }, "U0USER0001", sandbox: false),
            Replies.Failed(Failure(ActivationOutcome.WrongMeetingIdOrPassword), ActivateCommand),
            Replies.Usage(ActivateCommand, UsageLead.None),
            Replies.Activating("986030665"),
            Replies.SignedOut(),
            Replies.NothingToCancel(),
            Replies.Unexpected("abc123"),
        ];

        foreach (var wire in messages.Select(Wire))
        {
            Assert.Equal("ephemeral", wire.GetProperty("response_type").GetString());
            Assert.False(string.IsNullOrWhiteSpace(wire.GetProperty("text").GetString()));
            var blocks = wire.GetProperty("blocks").EnumerateArray().ToList();
            Assert.NotEmpty(blocks);
            foreach (var block in blocks)
            {
                var type = block.GetProperty("type").GetString();
                Assert.True(type is "section" or "context", $"unexpected block type {type}");
                var texts = type == "section"
                    ? [block.GetProperty("text"), .. block.TryGetProperty("fields", out var fields) ? fields.EnumerateArray() : []]
                    : block.GetProperty("elements").EnumerateArray().ToList();
                Assert.All(texts, text =>
                {
                    Assert.Equal("mrkdwn", text.GetProperty("type").GetString());
                    // Slack's limit for a section text is 3000 characters.
                    Assert.InRange(text.GetProperty("text").GetString()!.Length, 1, 3000);
                });
            }
        }
    }

    [Fact]
    public void The_result_shows_the_region_ip_as_code_the_meeting_and_who_activated_it()
    {
        var wire = Wire(Replies.Activated(
            new ActivationResult { Outcome = ActivationOutcome.Activated, MeetingId = "986030665", RegionIp = "100.94.23.40", CompletedAt = Completed },
            "U0USER0001",
            sandbox: false));

        var section = wire.GetProperty("blocks")[0];
        Assert.Equal("*Meeting 986030665 is active.*", section.GetProperty("text").GetProperty("text").GetString());
        Assert.Equal("*Region IP*\n`100.94.23.40`", section.GetProperty("fields")[0].GetProperty("text").GetString());
        var context = wire.GetProperty("blocks")[1].GetProperty("elements")[0].GetProperty("text").GetString();
        Assert.Equal("Activated by <@U0USER0001> at <!date^1795675200^{date_short_pretty} {time}|2026-11-26 06:40 UTC>", context);
        Assert.Contains("100.94.23.40", wire.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("Sandbox", AllText(wire), StringComparison.Ordinal);
    }

    [Fact]
    public void A_sandbox_result_says_so()
    {
        var wire = Wire(Replies.Activated(
            new ActivationResult { Outcome = ActivationOutcome.Activated, MeetingId = "986030665", RegionIp = "100.94.23.40", CompletedAt = Completed },
            "U0USER0001",
            sandbox: true));

        Assert.Contains("Sandbox", AllText(wire.GetProperty("blocks")[1]), StringComparison.Ordinal);
    }

    [Fact]
    public void A_wrong_password_says_what_to_do_next_with_huaweis_error_code_and_request_id()
    {
        var wire = Wire(Replies.Failed(Failure(ActivationOutcome.WrongMeetingIdOrPassword), ActivateCommand));

        var main = wire.GetProperty("blocks")[0].GetProperty("text").GetProperty("text").GetString();
        Assert.Equal(
            "*Could not activate meeting 986030665.*\nThe meeting ID or the password is wrong.\nCheck both with the meeting's host and try again.",
            main);
        Assert.Equal(
            "Error code `MMC.111072065` · Request id `req-42`",
            wire.GetProperty("blocks")[1].GetProperty("elements")[0].GetProperty("text").GetString());
        Assert.Contains("MMC.111072065", wire.GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_failure_without_a_huawei_reference_has_no_small_print()
    {
        var wire = Wire(Replies.Failed(Failure(ActivationOutcome.InvalidInput, code: null, requestId: null) with
        {
            MeetingId = "98x",
            InputProblems = [InputProblem.MeetingIdNotDigits],
        }, ActivateCommand));

        Assert.Single(wire.GetProperty("blocks").EnumerateArray());
        var main = wire.GetProperty("blocks")[0].GetProperty("text").GetProperty("text").GetString();
        Assert.Contains("only digits", main, StringComparison.Ordinal);
        Assert.Contains("`/activate <meeting ID> <password>`".Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal), main, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ActivationOutcome.RateLimited, 30, "Try again in 30 seconds.")]
    [InlineData(ActivationOutcome.RateLimited, 0.2, "Try again in 1 seconds.")]
    [InlineData(ActivationOutcome.LockedOut, 900, "Try again in 15 minutes.")]
    [InlineData(ActivationOutcome.LockedOut, 91, "Try again in 2 minutes.")]
    public void Waiting_outcomes_say_when_to_try_again(ActivationOutcome outcome, double seconds, string expected)
    {
        var wire = Wire(Replies.Failed(Failure(outcome) with { RetryAfter = TimeSpan.FromSeconds(seconds) }, ActivateCommand));

        Assert.Contains(expected, wire.GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ActivationOutcome.MeetingNotFound, "Check the meeting ID in the invitation.")]
    [InlineData(ActivationOutcome.NotPermitted, "Ask the meeting's host")]
    [InlineData(ActivationOutcome.RateLimited, "Try again in a minute.")]
    [InlineData(ActivationOutcome.AuthenticationFailed, "Tell your bot administrator")]
    [InlineData(ActivationOutcome.ServiceUnavailable, "Try again in a few minutes.")]
    [InlineData(ActivationOutcome.TimedOut, "Try again in a moment.")]
    public void Every_failure_says_what_to_do_next(ActivationOutcome outcome, string next)
    {
        var wire = Wire(Replies.Failed(Failure(outcome), ActivateCommand));

        Assert.Contains(next, wire.GetProperty("blocks")[0].GetProperty("text").GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Values_from_outside_are_escaped_so_they_cannot_mention_or_link()
    {
        var wire = Wire(Replies.Failed(
            Failure(ActivationOutcome.ServiceUnavailable, code: "<!channel>", requestId: "<https://evil.example|x>") with { MeetingId = "<!here>" },
            ActivateCommand));

        var all = AllText(wire);
        Assert.DoesNotContain("<!channel>", all, StringComparison.Ordinal);
        Assert.DoesNotContain("<!here>", all, StringComparison.Ordinal);
        Assert.DoesNotContain("<https://evil", all, StringComparison.Ordinal);
        Assert.Contains("&lt;!here&gt;", all, StringComparison.Ordinal);
    }

    [Fact]
    public void Usage_for_an_activate_command_names_it_with_its_arguments()
    {
        var text = Wire(Replies.Usage(ActivateCommand, UsageLead.None)).GetProperty("text").GetString()!;

        Assert.StartsWith("*How to use /activate*", text, StringComparison.Ordinal);
        Assert.Contains("`/activate &lt;meeting ID&gt; &lt;password&gt;`", text, StringComparison.Ordinal);
        Assert.Contains("`/activate signout`", text, StringComparison.Ordinal);
        Assert.Contains("`/activate help`", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Usage_for_an_umbrella_command_puts_activate_after_it()
    {
        var text = Wire(Replies.Usage(new SlashCommandSyntax("/meetingbot", CommandIsActivate: false), UsageLead.NotUnderstood))
            .GetProperty("text").GetString()!;

        Assert.StartsWith("Sorry, I did not understand that.", text, StringComparison.Ordinal);
        Assert.Contains("`/meetingbot activate &lt;meeting ID&gt; &lt;password&gt;`", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Usage_after_missing_arguments_asks_for_both()
    {
        var text = Wire(Replies.Usage(ActivateCommand, UsageLead.ArgumentsMissing)).GetProperty("text").GetString()!;

        Assert.StartsWith("Type the meeting ID and the password in one command.", text, StringComparison.Ordinal);
    }
}
