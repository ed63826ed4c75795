using System.Text.Json;
using MeetingBot.Channels.Slack;
using MeetingBot.Conversation;
using MeetingBot.Localization;
using MeetingBot.Meetings.Activation;
using MeetingBot.Meetings.Listing;

namespace MeetingBot.Tests.Slack;

public class SlackRepliesTests
{
    private static readonly BotText English = BotText.For("en");
    private static readonly BotText Chinese = BotText.For("zh-CN");
    private static readonly SlackReplies Replies = new(English);
    private static readonly SlashCommandSyntax ActivateCommand = new("/activate", CommandIsActivate: true);
    private static readonly DateTimeOffset Completed = new(2026, 11, 26, 6, 40, 0, TimeSpan.Zero);

    private static readonly ActivationResult Success = new()
    {
        Outcome = ActivationOutcome.Activated,
        MeetingId = "986030665",
        RegionIp = "100.94.23.40",
        CompletedAt = Completed,
    };

    internal static JsonElement Wire(SlackMessage message) => JsonSerializer.SerializeToElement(message, SlackMessage.JsonOptions);

    /// <summary>Every string value in the message, decoded (the raw JSON escapes &lt; and &gt;).</summary>
    internal static string AllText(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString()!,
        JsonValueKind.Object => string.Join('\n', element.EnumerateObject().Select(property => AllText(property.Value))),
        JsonValueKind.Array => string.Join('\n', element.EnumerateArray().Select(AllText)),
        _ => string.Empty,
    };

    private static string Section(JsonElement wire, int block = 0) => wire.GetProperty("blocks")[block].GetProperty("text").GetProperty("text").GetString()!;

    private static string Context(JsonElement wire, int block = 1) =>
        string.Join('\n', wire.GetProperty("blocks")[block].GetProperty("elements").EnumerateArray().Select(e => e.GetProperty("text").GetString()));

    private static ActivationResult Failure(ActivationOutcome outcome, string? code = "MMC.111072065", string? requestId = "req-42") => new()
    {
        Outcome = outcome,
        MeetingId = "986030665",
        ErrorCode = code,
        RequestId = requestId,
        CompletedAt = Completed,
    };

    public static TheoryData<string> Cultures => new() { "en", "zh-CN" };

    [Theory]
    [MemberData(nameof(Cultures))]
    public void Every_reply_is_ephemeral_block_kit_with_a_text_fallback(string locale)
    {
        var replies = new SlackReplies(BotText.For(locale));
        SlackMessage[] messages =
        [
            replies.Activated(Success, "U0USER0001", sandbox: true),
            replies.Failed(Failure(ActivationOutcome.WrongMeetingIdOrPassword), ActivateCommand),
            replies.Failed(Failure(ActivationOutcome.InvalidInput) with { InputProblems = [InputProblem.PasswordTooLong] }, ActivateCommand),
            replies.Usage(ActivateCommand, UsageLead.NotUnderstood),
            replies.Activating("986030665"),
            replies.SignedOut(),
            replies.Cancelled(),
            replies.Unexpected("abc123"),
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
    public void The_result_shows_the_region_ip_as_code_the_meeting_and_who_activated_it_when()
    {
        var wire = Wire(Replies.Activated(Success, "U0USER0001", sandbox: false));

        Assert.Equal("*Meeting activated*", Section(wire));
        var fields = wire.GetProperty("blocks")[0].GetProperty("fields");
        Assert.Equal("*Region IP*\n`100.94.23.40`", fields[0].GetProperty("text").GetString());
        Assert.Equal("*Meeting ID*\n986030665", fields[1].GetProperty("text").GetString());
        Assert.Equal(
            "Activated by: <@U0USER0001> · Activated at: <!date^1795675200^{date_short_pretty} {time}|2026-11-26 06:40 UTC>",
            Context(wire));
        Assert.Equal(
            "Meeting 986030665 activated. Region IP: 100.94.23.40 (activated by <@U0USER0001> at 2026-11-26 06:40 UTC).",
            wire.GetProperty("text").GetString());
        Assert.DoesNotContain(English[nameof(Strings.SandboxFooter)], AllText(wire), StringComparison.Ordinal);
    }

    [Fact]
    public void A_sandbox_result_says_so_in_the_blocks_and_the_fallback()
    {
        var wire = Wire(Replies.Activated(Success, "U0USER0001", sandbox: true));

        Assert.Contains(English[nameof(Strings.SandboxFooter)], Context(wire), StringComparison.Ordinal);
        Assert.Contains(English[nameof(Strings.SandboxFooter)], wire.GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_wrong_password_says_what_went_wrong_what_to_do_next_and_huaweis_code_and_request_id()
    {
        var wire = Wire(Replies.Failed(Failure(ActivationOutcome.WrongMeetingIdOrPassword), ActivateCommand));

        Assert.Equal(
            "*The meeting was not activated* (Meeting ID: 986030665)\n"
            + English[nameof(Strings.Error_WrongMeetingIdOrPassword_What)] + "\n*"
            + English[nameof(Strings.Error_WrongMeetingIdOrPassword_Next)] + "*",
            Section(wire));
        Assert.Equal("Error code: `MMC.111072065` · Request id: `req-42`", Context(wire));
        Assert.EndsWith("Error code: `MMC.111072065` · Request id: `req-42`", wire.GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_input_lists_each_problem_and_points_at_the_command_without_small_print()
    {
        var wire = Wire(Replies.Failed(
            Failure(ActivationOutcome.InvalidInput, code: null, requestId: null) with
            {
                MeetingId = "98x",
                InputProblems = [InputProblem.MeetingIdNotDigits, InputProblem.PasswordTooLong],
            },
            ActivateCommand));

        Assert.Single(wire.GetProperty("blocks").EnumerateArray());
        var section = Section(wire);
        Assert.Contains(English[nameof(Strings.Problem_MeetingIdNotDigits)], section, StringComparison.Ordinal);
        Assert.Contains(English[nameof(Strings.Problem_PasswordTooLong)], section, StringComparison.Ordinal);
        Assert.Contains("Check it and try again: `/activate &lt;meeting ID&gt; &lt;password&gt;`", section, StringComparison.Ordinal);
    }

    [Fact]
    public void A_refusal_by_the_users_own_limit_says_so_and_does_not_blame_huawei()
    {
        var wire = Wire(Replies.Failed(Failure(ActivationOutcome.TooManyAttempts, code: null, requestId: null) with { RetryAfter = TimeSpan.FromSeconds(6) }, ActivateCommand));

        Assert.Contains("You tried to activate too often in the last minute", Section(wire), StringComparison.Ordinal);
        Assert.Contains("You can try again in 6 s.", Section(wire), StringComparison.Ordinal);
        Assert.DoesNotContain("Huawei", wire.GetProperty("text").GetString()!, StringComparison.Ordinal);
    }

    [Fact]
    public void Waiting_outcomes_say_when_to_try_again()
    {
        var wire = Wire(Replies.Failed(Failure(ActivationOutcome.LockedOut) with { RetryAfter = TimeSpan.FromMinutes(15) }, ActivateCommand));

        Assert.Contains(English.Format(nameof(Strings.RetryAfterMinutes), "15"), Section(wire), StringComparison.Ordinal);
        Assert.Contains("You can try again in 15 min.", Section(wire), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ActivationOutcome.MeetingNotFound)]
    [InlineData(ActivationOutcome.NotPermitted)]
    [InlineData(ActivationOutcome.RateLimited)]
    [InlineData(ActivationOutcome.LockedOut)]
    [InlineData(ActivationOutcome.AuthenticationFailed)]
    [InlineData(ActivationOutcome.ServiceUnavailable)]
    [InlineData(ActivationOutcome.TimedOut)]
    public void Every_failure_says_what_to_do_next_in_the_cards_words(ActivationOutcome outcome)
    {
        var section = Section(Wire(Replies.Failed(Failure(outcome), ActivateCommand)));

        Assert.Contains(English[$"Error_{outcome}_What"], section, StringComparison.Ordinal);
        Assert.Contains(English[$"Error_{outcome}_Next"], section, StringComparison.Ordinal);
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
    public void A_user_id_that_is_not_a_slack_id_is_shown_escaped_not_as_a_mention()
    {
        var wire = Wire(Replies.Activated(Success, "U1|<!everyone>", sandbox: false));

        Assert.DoesNotContain("<!everyone>", AllText(wire), StringComparison.Ordinal);
        Assert.DoesNotContain("<@", AllText(wire), StringComparison.Ordinal);
    }

    [Fact]
    public void Usage_for_the_activate_command_names_it_with_its_arguments()
    {
        var text = Wire(Replies.Usage(ActivateCommand, UsageLead.None)).GetProperty("text").GetString()!;

        Assert.Equal(
            "*How to use /activate*\n"
            + "• `/activate &lt;meeting ID&gt; &lt;password&gt;`: " + English[nameof(Strings.Slack_UsageActivate)] + "\n"
            + "• `/activate signout`: " + English[nameof(Strings.Help_signout)] + "\n"
            + "• `/activate help`: " + English[nameof(Strings.Help_help)],
            text);
    }

    [Fact]
    public void Usage_for_an_umbrella_command_puts_activate_after_it()
    {
        var text = Wire(Replies.Usage(new SlashCommandSyntax("/meetingbot", CommandIsActivate: false), UsageLead.NotUnderstood))
            .GetProperty("text").GetString()!;

        Assert.StartsWith(English[nameof(Strings.HelpNotUnderstood)] + "\n", text, StringComparison.Ordinal);
        Assert.Contains("`/meetingbot activate &lt;meeting ID&gt; &lt;password&gt;`", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Usage_after_missing_arguments_asks_for_both()
    {
        var text = Wire(Replies.Usage(ActivateCommand, UsageLead.ArgumentsMissing)).GetProperty("text").GetString()!;

        Assert.StartsWith("Type the meeting ID and the password in one command.\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Replies_speak_simplified_chinese_when_built_for_it()
    {
        var chinese = new SlackReplies(Chinese);

        var result = Wire(chinese.Activated(Success, "U0USER0001", sandbox: false));
        var error = Wire(chinese.Failed(Failure(ActivationOutcome.WrongMeetingIdOrPassword), ActivateCommand));
        var usage = Wire(chinese.Usage(ActivateCommand, UsageLead.ArgumentsMissing));

        Assert.Equal("*会议已激活*", Section(result));
        Assert.Equal("会议 986030665 已激活。区域 IP：100.94.23.40（由 <@U0USER0001> 于 2026-11-26 06:40 UTC 激活）。", result.GetProperty("text").GetString());
        Assert.Contains(Chinese[nameof(Strings.Error_WrongMeetingIdOrPassword_Next)], Section(error), StringComparison.Ordinal);
        Assert.Equal("错误代码：`MMC.111072065` · 请求 ID：`req-42`", Context(error));
        Assert.Contains("`/activate &lt;会议 ID&gt; &lt;密码&gt;`", Section(usage), StringComparison.Ordinal);
        Assert.StartsWith("请在一条命令中同时输入会议 ID 和密码。", Section(usage), StringComparison.Ordinal);
    }

    private const string CardId = "0123456789abcdef0123456789abcdef";

    private static HuaweiMeeting Meeting(int n, bool host, string? subject = null) => new(
        $"98603{1000 + n}", subject ?? $"Sync {n}", Completed.AddHours(n), Completed.AddHours(n + 1),
        n == 0 ? HuaweiMeetingState.InProgress : HuaweiMeetingState.Scheduled, IsHost: host);

    [Theory]
    [MemberData(nameof(Cultures))]
    public void The_meeting_list_is_block_kit_within_slacks_limits_with_an_Activate_button_per_hosted_meeting(string locale)
    {
        var text = BotText.For(locale);
        var meetings = Enumerable.Range(0, ActivationUseCase.MeetingsShown).Select(n => Meeting(n, host: n % 3 != 2)).ToList();

        var wire = Wire(new SlackReplies(text).Meetings(new MeetingListReply(CardId, meetings, HasMore: true, TimeZone: null)));

        var blocks = wire.GetProperty("blocks").EnumerateArray().ToList();
        Assert.InRange(blocks.Count, 1, 50);
        Assert.Equal("header", blocks[0].GetProperty("type").GetString());
        Assert.InRange(blocks[0].GetProperty("text").GetProperty("text").GetString()!.Length, 1, 150);
        Assert.Equal("plain_text", blocks[0].GetProperty("text").GetProperty("type").GetString());
        var sections = blocks.Where(b => b.GetProperty("type").GetString() == "section").ToList();
        Assert.Equal(meetings.Count, sections.Count);
        Assert.All(sections, section => Assert.InRange(section.GetProperty("text").GetProperty("text").GetString()!.Length, 1, 3000));
        var buttons = sections.Where(s => s.TryGetProperty("accessory", out _)).ToList();
        Assert.Equal(meetings.Count(m => m.IsHost), buttons.Count);
        Assert.All(buttons, section =>
        {
            var button = section.GetProperty("accessory");
            Assert.Equal("button", button.GetProperty("type").GetString());
            Assert.Equal(text[nameof(Strings.ActivateHostedButton)], button.GetProperty("text").GetProperty("text").GetString());
            Assert.InRange(button.GetProperty("text").GetProperty("text").GetString()!.Length, 1, 75);
            Assert.Equal("oneClickActivate", button.GetProperty("action_id").GetString());
            Assert.Equal("primary", button.GetProperty("style").GetString());
            Assert.InRange(section.GetProperty("block_id").GetString()!.Length, 1, 255);
            Assert.Equal(CardId, SlackOneClick.CardIdOf(section.GetProperty("block_id").GetString()));
        });
        Assert.Equal(meetings.Where(m => m.IsHost).Select(m => m.ConferenceId), buttons.Select(b => b.GetProperty("accessory").GetProperty("value").GetString()));
        Assert.Equal(buttons.Count, buttons.Select(b => b.GetProperty("block_id").GetString()).Distinct().Count());
        Assert.All(sections.Where(s => !s.TryGetProperty("accessory", out _)),
            guest => Assert.Contains(SlackMrkdwn.Escape(text[nameof(Strings.MeetingGuestOnly)]), guest.GetProperty("text").GetProperty("text").GetString(), StringComparison.Ordinal));
        Assert.Equal(SlackMrkdwn.Escape(text[nameof(Strings.MeetingsMore)]), Context(wire, blocks.Count - 1));
        // The text fallback (all a message through Azure Bot Service carries) lists every meeting, soonest first.
        var fallback = wire.GetProperty("text").GetString()!;
        Assert.Equal(meetings.Select(m => m.ConferenceId), meetings.Select(m => m.ConferenceId).OrderBy(id => fallback.IndexOf(id, StringComparison.Ordinal)));
        Assert.Contains(text.Format(nameof(Strings.MeetingTimeUtc), string.Empty).Trim(), fallback, StringComparison.Ordinal);
    }

    [Fact]
    public void A_meeting_list_subject_is_escaped_and_cut_so_it_cannot_mention_link_or_overflow()
    {
        var subject = "<!channel> <https://evil.example|x> & " + new string('y', 5000);

        var wire = Wire(Replies.Meetings(new MeetingListReply(CardId, [Meeting(1, host: true, subject)], HasMore: false, TimeZone: null)));

        var all = AllText(wire);
        Assert.DoesNotContain("<!channel>", all, StringComparison.Ordinal);
        Assert.DoesNotContain("<https://evil", all, StringComparison.Ordinal);
        Assert.Contains("&lt;!channel&gt;", all, StringComparison.Ordinal);
        Assert.Contains("…", Section(wire, 2), StringComparison.Ordinal);
        Assert.InRange(Section(wire, 2).Length, 1, 3000);
    }

    [Theory]
    [MemberData(nameof(Cultures))]
    public void No_meetings_is_the_friendly_line_on_how_to_activate_by_id(string locale)
    {
        var text = BotText.For(locale);

        var wire = Wire(new SlackReplies(text).Meetings(new MeetingListReply(CardId, [], HasMore: false, TimeZone: null)));

        Assert.Equal(SlackMrkdwn.Escape(text[nameof(Strings.MeetingsNone)]), Section(wire));
        Assert.Single(wire.GetProperty("blocks").EnumerateArray());
    }

    [Fact]
    public void Every_reply_to_a_click_names_the_meeting()
    {
        Assert.Equal("Meeting 986030671 was already activated from this card.", Wire(Replies.Render(new AlreadyActivatedReply("986030671"), new SlackAudience("U1"))).GetProperty("text").GetString());
        Assert.Contains("986030671", Wire(Replies.Render(new NotHostReply("986030671"), new SlackAudience("U1"))).GetProperty("text").GetString(), StringComparison.Ordinal);
    }
}
