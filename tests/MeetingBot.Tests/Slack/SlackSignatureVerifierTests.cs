using System.Text;
using MeetingBot.Channels.Slack;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace MeetingBot.Tests.Slack;

public class SlackSignatureVerifierTests
{
    // Slack's published example ("Verifying requests from Slack"); the signature was recomputed independently with
    // printf 'v0:1531420618:<body>' | openssl dgst -sha256 -hmac '8f742231b10e8888abcd99yyyzzz85a5'
    private const string SlackDocsSecret = "8f742231b10e8888abcd99yyyzzz85a5";
    private const string SlackDocsTimestamp = "1531420618";
    private const string SlackDocsBody =
        "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar" +
        "&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=" +
        "&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN" +
        "&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
    private const string SlackDocsSignature = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";

    // Our own slash command, signed with openssl the same way:
    // printf 'v0:1795660000:<body>' | openssl dgst -sha256 -hmac 'meetingbot-test-signing-secret'
    private const string OurSecret = "meetingbot-test-signing-secret";
    private const string OurTimestamp = "1795660000";
    private const string OurBody =
        "token=VerificationToken&team_id=T0TEAM0001&team_domain=contoso&channel_id=D0DM000001&channel_name=directmessage" +
        "&user_id=U0USER0001&user_name=test.user&command=%2Factivate&text=986030665+123456&api_app_id=A0APP00001" +
        "&is_enterprise_install=false&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT0TEAM0001%2F1234567890%2FabcDEF" +
        "&trigger_id=1234.5678.abcd";
    private const string OurSignature = "v0=9164b7ab015384ddfe2a4690d5aa62efd86f211c00500f223191ae23e2460932";

    private static SlackSignatureVerifier Verifier(string secret, string timestamp, TimeSpan clockOffset = default)
    {
        var time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(long.Parse(timestamp, System.Globalization.CultureInfo.InvariantCulture)) + clockOffset);
        return new SlackSignatureVerifier(Options.Create(new SlackOptions { SigningSecret = secret }), time);
    }

    private static byte[] Bytes(string body) => Encoding.UTF8.GetBytes(body);

    [Fact]
    public void Slacks_published_example_is_valid()
    {
        var check = Verifier(SlackDocsSecret, SlackDocsTimestamp, TimeSpan.FromSeconds(3))
            .Verify(SlackDocsTimestamp, SlackDocsSignature, Bytes(SlackDocsBody));

        Assert.Equal(SlackSignatureCheck.Valid, check);
    }

    [Fact]
    public void A_slash_command_signed_with_openssl_is_valid()
    {
        Assert.Equal(SlackSignatureCheck.Valid, Verifier(OurSecret, OurTimestamp).Verify(OurTimestamp, OurSignature, Bytes(OurBody)));
    }

    [Fact]
    public void A_signature_in_upper_case_hex_is_valid()
    {
        var upper = "v0=" + OurSignature[3..].ToUpperInvariant();

        Assert.Equal(SlackSignatureCheck.Valid, Verifier(OurSecret, OurTimestamp).Verify(OurTimestamp, upper, Bytes(OurBody)));
    }

    [Fact]
    public void A_tampered_body_is_a_mismatch()
    {
        var tampered = OurBody.Replace("U0USER0001", "U0USER0002", StringComparison.Ordinal);

        Assert.Equal(SlackSignatureCheck.Mismatch, Verifier(OurSecret, OurTimestamp).Verify(OurTimestamp, OurSignature, Bytes(tampered)));
    }

    [Fact]
    public void A_body_with_one_byte_appended_is_a_mismatch()
    {
        Assert.Equal(SlackSignatureCheck.Mismatch, Verifier(OurSecret, OurTimestamp).Verify(OurTimestamp, OurSignature, Bytes(OurBody + "&")));
    }

    [Fact]
    public void Another_signing_secret_is_a_mismatch()
    {
        Assert.Equal(SlackSignatureCheck.Mismatch, Verifier("another-secret", OurTimestamp).Verify(OurTimestamp, OurSignature, Bytes(OurBody)));
    }

    [Fact]
    public void A_replayed_signature_with_a_new_timestamp_is_a_mismatch()
    {
        const string newer = "1795660060";

        Assert.Equal(SlackSignatureCheck.Mismatch, Verifier(OurSecret, newer).Verify(newer, OurSignature, Bytes(OurBody)));
    }

    [Theory]
    [InlineData(-301)]
    [InlineData(301)]
    [InlineData(-86_400)]
    public void A_timestamp_more_than_five_minutes_away_is_stale(int secondsAway)
    {
        // The clock is moved, not the timestamp, so the signature itself stays valid: only its age is wrong.
        var verifier = Verifier(OurSecret, OurTimestamp, TimeSpan.FromSeconds(-secondsAway));

        Assert.Equal(SlackSignatureCheck.StaleTimestamp, verifier.Verify(OurTimestamp, OurSignature, Bytes(OurBody)));
    }

    [Theory]
    [InlineData(-300)]
    [InlineData(300)]
    public void A_timestamp_exactly_five_minutes_away_is_still_accepted(int secondsAway)
    {
        var verifier = Verifier(OurSecret, OurTimestamp, TimeSpan.FromSeconds(-secondsAway));

        Assert.Equal(SlackSignatureCheck.Valid, verifier.Verify(OurTimestamp, OurSignature, Bytes(OurBody)));
    }

    [Theory]
    [InlineData(null, OurSignature)]
    [InlineData("", OurSignature)]
    [InlineData(OurTimestamp, null)]
    [InlineData(OurTimestamp, "")]
    [InlineData(null, null)]
    public void Missing_headers_are_refused(string? timestamp, string? signature)
    {
        Assert.Equal(SlackSignatureCheck.MissingHeaders, Verifier(OurSecret, OurTimestamp).Verify(timestamp, signature, Bytes(OurBody)));
    }

    [Theory]
    [InlineData("17956600OO")]
    [InlineData("-1795660000")]
    [InlineData(" 1795660000")]
    [InlineData("1795660000.5")]
    [InlineData("99999999999999999999999")]
    public void A_timestamp_that_is_not_unix_seconds_is_malformed(string timestamp)
    {
        Assert.Equal(SlackSignatureCheck.MalformedTimestamp, Verifier(OurSecret, OurTimestamp).Verify(timestamp, OurSignature, Bytes(OurBody)));
    }

    [Theory]
    [InlineData("9164b7ab015384ddfe2a4690d5aa62efd86f211c00500f223191ae23e2460932")]
    [InlineData("v1=9164b7ab015384ddfe2a4690d5aa62efd86f211c00500f223191ae23e2460932")]
    [InlineData("v0=9164b7ab015384ddfe2a4690d5aa62efd86f211c00500f223191ae23e24609")]
    [InlineData("v0=9164b7ab015384ddfe2a4690d5aa62efd86f211c00500f223191ae23e246093200")]
    [InlineData("v0=zz64b7ab015384ddfe2a4690d5aa62efd86f211c00500f223191ae23e2460932")]
    [InlineData("v0=")]
    public void A_signature_not_in_v0_hex_form_is_malformed(string signature)
    {
        Assert.Equal(SlackSignatureCheck.MalformedSignature, Verifier(OurSecret, OurTimestamp).Verify(OurTimestamp, signature, Bytes(OurBody)));
    }
}
