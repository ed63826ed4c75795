using MeetingBot.CardDump;
using MeetingBot.Cards;
using MeetingBot.Localization;
using MeetingBot.Meetings.Activation;
using MeetingBot.Meetings.Listing;
using MeetingBot.Tests.Infrastructure;
using Newtonsoft.Json.Linq;

namespace MeetingBot.Tests.Cards;

public class CardTests
{
    private static readonly BotText English = new(BotText.English);
    private static readonly DateTimeOffset At = new(2026, 11, 26, 7, 30, 0, TimeSpan.Zero);

    public static TheoryData<string> Cultures => ["en", "zh-CN"];

    [Theory]
    [MemberData(nameof(Cultures))]
    public void Every_gallery_card_passes_the_structural_check(string culture)
    {
        var cards = CardGallery.All(System.Globalization.CultureInfo.GetCultureInfo(culture));

        Assert.True(cards.Count >= 30, $"only {cards.Count} cards");
        Assert.Equal(cards.Count, cards.Select(c => c.Name).Distinct().Count());
        Assert.All(cards, c => CardAssert.Valid(c.Card));
    }

    [Fact]
    public void Gallery_covers_every_error_outcome_and_both_action_styles()
    {
        var names = CardGallery.All(BotText.English).Select(c => c.Name).ToHashSet();

        foreach (var outcome in Enum.GetValues<ActivationOutcome>().Where(o => o != ActivationOutcome.Activated))
        {
            Assert.Contains($"error-{outcome}", names);
            Assert.Contains($"error-{outcome}-teams", names);
        }

        Assert.Contains("result-sandbox", names);
        Assert.Contains("activating", names);
        Assert.Contains("form-validation-errors-teams", names);
    }

    [Fact]
    public void Gallery_covers_the_meeting_list_and_its_answers_in_both_action_styles()
    {
        var names = CardGallery.All(BotText.English).Select(c => c.Name).ToHashSet();

        foreach (var name in new[] { "meetings", "meetings-utc", "meetings-none", "form-with-shortcuts" })
        {
            Assert.Contains(name, names);
            Assert.Contains(name + "-teams", names);
        }

        foreach (var outcome in Enum.GetValues<MeetingQueryOutcome>().Where(o => o != MeetingQueryOutcome.Succeeded))
        {
            Assert.Contains($"meetings-failed-{outcome}", names);
        }

        Assert.Contains("not-host", names);
        Assert.Contains("already-activated-from-card", names);
    }

    [Fact]
    public void Gallery_has_the_unfurled_link_card_with_and_without_its_subject_each_with_an_Activate_that_carries_the_meeting_ID()
    {
        var cards = CardGallery.All(BotText.English).ToDictionary(c => c.Name, c => c.Card);

        Assert.Contains("Project sync", cards["link-teams"].TextBlocks());
        Assert.DoesNotContain("Project sync", cards["link-without-subject-teams"].TextBlocks());
        Assert.All(new[] { cards["link-teams"], cards["link-without-subject-teams"] }, card =>
        {
            Assert.Equal("Huawei Cloud Meeting 986030671", card.TextBlocks().First());
            Assert.Equal("986030671", card.Action(CardVerbs.ActivateMeeting)["data"]![CardInputs.MeetingId]!.Value<string>());
        });
    }

    [Fact]
    public void Gallery_meeting_list_offers_Activate_only_for_the_hosted_meetings()
    {
        var list = CardGallery.All(BotText.English).Single(c => c.Name == "meetings-teams").Card;

        var oneClicks = list.Descendants().OfType<JObject>()
            .Where(o => o.Value<string>("type") == "Action.Execute" && o.Value<string>("verb") == CardVerbs.OneClick)
            .Select(o => o["data"]![CardInputs.MeetingId]!.Value<string>())
            .ToList();
        Assert.Equal(["986030672", "986030671", "986030674"], oneClicks);
    }

    [Fact]
    public void Chinese_gallery_speaks_Chinese()
    {
        var form = CardGallery.All(BotText.SimplifiedChinese).Single(c => c.Name == "form-empty").Card;

        Assert.Equal("激活会议", form["body"]![0]!.Value<string>("text"));
        Assert.Contains("主持人密码", form.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Form_prefills_the_meeting_id_and_masks_an_empty_password()
    {
        var card = FormCard.Build(new FormCardModel("form-1", "986030665"), English, CardActionStyle.Submit);

        var inputs = Inputs(card);
        Assert.Equal("986030665", inputs[CardInputs.MeetingId].Value<string>("value"));
        Assert.Equal("password", inputs[CardInputs.Password].Value<string>("style"));
        Assert.Null(inputs[CardInputs.Password]["value"]);
        Assert.True(inputs[CardInputs.Password].Value<bool>("isRequired"));
        CardAssert.Valid(card);
    }

    [Fact]
    public void Form_actions_carry_the_form_id_and_the_verbs()
    {
        var card = FormCard.Build(new FormCardModel("form-1"), English, CardActionStyle.Submit);

        var actions = (JArray)card["actions"]!;
        Assert.All(actions, a => Assert.Equal("Action.Submit", a.Value<string>("type")));
        Assert.Equal(CardVerbs.Activate, actions[0]!["data"]![CardData.Verb]!.Value<string>());
        Assert.Equal("form-1", actions[0]!["data"]![CardData.FormId]!.Value<string>());
        Assert.Equal(CardVerbs.Cancel, actions[1]!["data"]![CardData.Verb]!.Value<string>());
        Assert.Equal("none", actions[1]!.Value<string>("associatedInputs"));
    }

    [Fact]
    public void Teams_form_uses_Action_Execute_with_an_equivalent_Action_Submit_fallback()
    {
        var card = FormCard.Build(new FormCardModel("form-1"), English, CardActionStyle.Execute);

        var activate = card["actions"]![0]!;
        Assert.Equal("Action.Execute", activate.Value<string>("type"));
        Assert.Equal(CardVerbs.Activate, activate.Value<string>("verb"));
        Assert.Equal("form-1", activate["data"]![CardData.FormId]!.Value<string>());
        var fallback = activate["fallback"]!;
        Assert.Equal("Action.Submit", fallback.Value<string>("type"));
        Assert.Equal(CardVerbs.Activate, fallback["data"]![CardData.Verb]!.Value<string>());
        Assert.Equal("form-1", fallback["data"]![CardData.FormId]!.Value<string>());
    }

    [Fact]
    public void Form_with_problems_lists_them_in_plain_words()
    {
        var card = FormCard.Build(new FormCardModel("form-1", "12", [InputProblem.MeetingIdWrongLength, InputProblem.PasswordMissing]), English, CardActionStyle.Submit);

        var texts = Texts(card);
        Assert.Contains(texts, t => t.Contains("6 to 20 digits", StringComparison.Ordinal));
        Assert.Contains(texts, t => t.Contains("password is missing", StringComparison.Ordinal));
    }

    [Fact]
    public void Result_card_shows_the_region_ip_meeting_time_and_who_with_a_sandbox_footer()
    {
        var result = new ActivationResult { Outcome = ActivationOutcome.Activated, MeetingId = "986030665", RegionIp = "100.94.23.40", CompletedAt = At };

        var card = ResultCard.Build(result, "Megan Bowen", sandbox: true, English);

        var json = card.ToString();
        Assert.Contains(Texts(card), t => t == "100.94.23.40");
        Assert.Contains("986030665", json, StringComparison.Ordinal);
        Assert.Contains("Megan Bowen", json, StringComparison.Ordinal);
        Assert.Contains("{{DATE(2026-11-26T07:30:00Z, SHORT)}}", json, StringComparison.Ordinal);
        Assert.Contains(Texts(card), t => t.Contains("Sandbox", StringComparison.Ordinal));
        Assert.DoesNotContain(Texts(ResultCard.Build(result, "Megan Bowen", sandbox: false, English)), t => t.Contains("Sandbox", StringComparison.Ordinal));
        CardAssert.Valid(card);
    }

    [Fact]
    public void Error_card_says_what_and_what_next_with_code_and_request_id_and_a_try_again_with_the_id()
    {
        var result = new ActivationResult
        {
            Outcome = ActivationOutcome.WrongMeetingIdOrPassword,
            MeetingId = "986030665",
            ErrorCode = "MMC.111072065",
            RequestId = "req-42",
            CompletedAt = At,
        };

        var card = ErrorCard.Build(result, English, CardActionStyle.Submit);

        var texts = Texts(card);
        Assert.Contains(texts, t => t.Contains("did not accept", StringComparison.Ordinal));
        Assert.Contains(texts, t => t.Contains("MMC.111072065", StringComparison.Ordinal) && t.Contains("req-42", StringComparison.Ordinal));
        var tryAgain = card["actions"]![0]!;
        Assert.Equal("Try again", tryAgain.Value<string>("title"));
        Assert.Equal(CardVerbs.ShowForm, tryAgain["data"]![CardData.Verb]!.Value<string>());
        Assert.Equal("986030665", tryAgain["data"]![CardData.PrefillMeetingId]!.Value<string>());
        CardAssert.Valid(card);
    }

    [Fact]
    public void Error_card_tells_when_to_retry_after_rate_limiting()
    {
        var result = new ActivationResult { Outcome = ActivationOutcome.RateLimited, MeetingId = "986030665", RetryAfter = TimeSpan.FromSeconds(29.2), CompletedAt = At };

        Assert.Contains(Texts(ErrorCard.Build(result, English, CardActionStyle.Submit)), t => t.Contains("30 s", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(ActivationOutcome.TooManyAttempts, "en", "You tried to activate too often in the last minute", "You can try again in 6 s.")]
    [InlineData(ActivationOutcome.TooManyAttempts, "zh-CN", "你在过去一分钟内尝试激活的次数过多", "你可以在 6 秒后重试。")]
    [InlineData(ActivationOutcome.TooManyAtOnce, "en", "You already have several activations in progress.", "You can try again in 6 s.")]
    [InlineData(ActivationOutcome.LockedOut, "en", "You entered a wrong meeting ID or password too many times", "You can try again in 6 s.")]
    [InlineData(ActivationOutcome.RateLimited, "en", "Huawei Cloud Meeting is receiving too many requests right now (Huawei's limit, not yours).", "You can try again in 6 s.")]
    [InlineData(ActivationOutcome.RateLimited, "zh-CN", "华为云会议当前请求过多（这是华为的限制，不是你的）。", "你可以在 6 秒后重试。")]
    public void Each_refusal_says_whose_limit_it_was_and_when_to_try_again(ActivationOutcome outcome, string locale, string what, string when)
    {
        var result = new ActivationResult { Outcome = outcome, MeetingId = "986030665", RetryAfter = TimeSpan.FromSeconds(5.2), CompletedAt = At };

        var texts = Texts(ErrorCard.Build(result, BotText.For(locale), CardActionStyle.Submit));

        Assert.Contains(texts, t => t.StartsWith(what, StringComparison.Ordinal));
        Assert.Contains(texts, t => t.EndsWith(when, StringComparison.Ordinal));
        if (outcome != ActivationOutcome.RateLimited)
        {
            Assert.DoesNotContain(texts, t => t.Contains("Huawei", StringComparison.Ordinal) || t.Contains("华为", StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData("en", 750, "You can try again in 13 min.")]
    [InlineData("zh-CN", 119, "你可以在 119 秒后重试。")]
    [InlineData("zh-CN", 120, "你可以在 2 分钟后重试。")]
    public void A_long_wait_is_said_in_minutes(string locale, int seconds, string expected)
    {
        var result = new ActivationResult
        {
            Outcome = ActivationOutcome.LockedOut, MeetingId = "986030665", RetryAfter = TimeSpan.FromSeconds(seconds), CompletedAt = At,
        };

        Assert.EndsWith(expected, ErrorCard.WhatToDoNext(result, BotText.For(locale)), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_error_outcome_and_input_problem_has_words_in_both_languages()
    {
        foreach (var text in new[] { English, new BotText(BotText.SimplifiedChinese) })
        {
            foreach (var outcome in Enum.GetValues<ActivationOutcome>().Where(o => o != ActivationOutcome.Activated))
            {
                Assert.False(string.IsNullOrWhiteSpace(text[$"Error_{outcome}_What"]));
                Assert.False(string.IsNullOrWhiteSpace(text[$"Error_{outcome}_Next"]));
            }

            foreach (var problem in Enum.GetValues<InputProblem>())
            {
                Assert.False(string.IsNullOrWhiteSpace(text[$"Problem_{problem}"]));
            }
        }
    }

    [Fact]
    public void Chinese_resources_translate_every_english_string()
    {
        var english = Strings.ResourceManager.GetResourceSet(BotText.English, true, true)!.Cast<System.Collections.DictionaryEntry>().ToDictionary(e => (string)e.Key, e => (string)e.Value!);
        var chinese = Strings.ResourceManager.GetResourceSet(BotText.SimplifiedChinese, true, false)!.Cast<System.Collections.DictionaryEntry>().ToDictionary(e => (string)e.Key, e => (string)e.Value!);

        Assert.Equal(english.Keys.Order(), chinese.Keys.Order());
        Assert.All(english.Keys, key => Assert.NotEqual(english[key], chinese[key]));
    }

    [Theory]
    [InlineData("zh-CN", "zh-CN")]
    [InlineData("zh-cn", "zh-CN")]
    [InlineData("zh-Hans-CN", "zh-CN")]
    [InlineData("zh", "zh-CN")]
    [InlineData("en-US", "en")]
    [InlineData("de-DE", "en")]
    [InlineData("", "en")]
    [InlineData(null, "en")]
    public void Chooses_the_culture_from_the_locale(string? locale, string expected) =>
        Assert.Equal(expected, BotText.ChooseCulture(locale).Name);

    private static Dictionary<string, JObject> Inputs(JObject card) =>
        card.Descendants().OfType<JObject>().Where(o => o.Value<string>("type") == "Input.Text").ToDictionary(o => o.Value<string>("id")!);

    private static List<string> Texts(JObject card) =>
        [.. card.Descendants().OfType<JObject>().Where(o => o.Value<string>("type") == "TextBlock").Select(o => o.Value<string>("text")!)];
}
