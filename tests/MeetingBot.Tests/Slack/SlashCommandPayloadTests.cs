using System.Text.Json;
using System.Text;
using MeetingBot.Channels.Slack;

namespace MeetingBot.Tests.Slack;

public class SlashCommandPayloadTests
{
    /// <summary>The fixture's channelData is Slack's slash-command form; encoded here as Slack sends it.</summary>
    internal static Dictionary<string, string> FixtureFields()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "activities", "slack-slash-command.json");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.GetProperty("channelData").EnumerateObject()
            .ToDictionary(field => field.Name, field => field.Value.GetString() ?? string.Empty);
    }

    internal static byte[] FormBody(IEnumerable<KeyValuePair<string, string>> fields)
    {
        using var content = new FormUrlEncodedContent(fields);
        return content.ReadAsByteArrayAsync().GetAwaiter().GetResult();
    }

    [Fact]
    public void The_fixtures_fields_are_read()
    {
        Assert.True(SlashCommandPayload.TryParse(FormBody(FixtureFields()), out var payload));

        Assert.Equal("/test", payload.Command);
        Assert.Equal("", payload.Text);
        Assert.Equal("teamId", payload.TeamId);
        Assert.Equal("testUserId", payload.UserId);
        Assert.Equal(new Uri("https://hooks.slack.com/commands/T67UIV1ZF/709652118943/8YnfpJ1zU7uwQF5UsGgu1zH7"), payload.ResponseUrl);
        Assert.False(payload.IsSslCheck);
    }

    [Fact]
    public void Printing_a_payload_shows_neither_its_text_nor_its_response_url()
    {
        var fields = FixtureFields();
        fields["text"] = "986030665 s3cret-pw";
        Assert.True(SlashCommandPayload.TryParse(FormBody(fields), out var payload));

        var printed = payload.ToString();

        Assert.Contains(payload.UserId, printed, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-pw", printed, StringComparison.Ordinal);
        Assert.DoesNotContain(payload.ResponseUrl!.ToString(), printed, StringComparison.Ordinal);
    }

    [Fact]
    public void Plus_signs_and_percent_escapes_are_decoded()
    {
        var body = "command=%2Factivate&text=986+030-665+p%40ss%2Bword&team_id=T1&user_id=U1"u8.ToArray();

        Assert.True(SlashCommandPayload.TryParse(body, out var payload));
        Assert.Equal("/activate", payload.Command);
        Assert.Equal("986 030-665 p@ss+word", payload.Text);
    }

    [Theory]
    [InlineData("command")]
    [InlineData("team_id")]
    [InlineData("user_id")]
    public void A_form_without_a_required_field_is_refused(string missing)
    {
        var fields = FixtureFields();
        fields.Remove(missing);

        Assert.False(SlashCommandPayload.TryParse(FormBody(fields), out _));
    }

    [Fact]
    public void A_field_given_twice_is_refused()
    {
        var body = "command=%2Factivate&text=&team_id=T1&user_id=U1&user_id=U2"u8.ToArray();

        Assert.False(SlashCommandPayload.TryParse(body, out _));
    }

    [Fact]
    public void A_body_that_is_not_utf8_is_refused()
    {
        byte[] body = [.. "command=%2Factivate&team_id=T1&user_id=U1&text="u8, 0xFF, 0xFE];

        Assert.False(SlashCommandPayload.TryParse(body, out _));
    }

    [Fact]
    public void A_json_body_is_refused()
    {
        Assert.False(SlashCommandPayload.TryParse(Encoding.UTF8.GetBytes("{\"command\":\"/activate\"}"), out _));
    }

    [Fact]
    public void An_ssl_check_is_recognised()
    {
        Assert.True(SlashCommandPayload.TryParse("ssl_check=1&token=abc"u8, out var payload));
        Assert.True(payload.IsSslCheck);
    }

    [Fact]
    public void A_response_url_that_is_not_absolute_is_dropped()
    {
        var fields = FixtureFields();
        fields["response_url"] = "hooks.slack.com/commands/T/1/x";

        Assert.True(SlashCommandPayload.TryParse(FormBody(fields), out var payload));
        Assert.Null(payload.ResponseUrl);
    }
}
