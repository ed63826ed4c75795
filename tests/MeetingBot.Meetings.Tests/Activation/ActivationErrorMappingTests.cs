using MeetingBot.Meetings.Activation;
using MeetingBot.Meetings.Huawei;

namespace MeetingBot.Meetings.Tests.Activation;

public class ActivationErrorMappingTests
{
    [Theory]
    // Known codes decide first.
    [InlineData(400, "MMC.111072065", ActivationOutcome.WrongMeetingIdOrPassword)]
    [InlineData(400, "MMC.111070004", ActivationOutcome.WrongMeetingIdOrPassword)]
    [InlineData(400, "MMC.111070009", ActivationOutcome.WrongMeetingIdOrPassword)]
    [InlineData(400, "MMC.111070005", ActivationOutcome.MeetingNotFound)]
    [InlineData(404, "MMC.111070006", ActivationOutcome.MeetingNotFound)]
    [InlineData(403, "MMC.111070002", ActivationOutcome.NotPermitted)]
    [InlineData(400, "MMC.111070010", ActivationOutcome.NotPermitted)]
    [InlineData(429, "APIG.0308", ActivationOutcome.RateLimited)]
    [InlineData(400, "MMC.100000429", ActivationOutcome.RateLimited)]
    [InlineData(401, "USG.000000004", ActivationOutcome.AuthenticationFailed)]
    [InlineData(401, "USG.206020000", ActivationOutcome.AuthenticationFailed)]
    // Then the status; unknown codes fall back on it.
    [InlineData(400, "MMC.999999999", ActivationOutcome.WrongMeetingIdOrPassword)]
    [InlineData(401, null, ActivationOutcome.AuthenticationFailed)]
    [InlineData(403, null, ActivationOutcome.NotPermitted)]
    [InlineData(404, null, ActivationOutcome.MeetingNotFound)]
    [InlineData(408, null, ActivationOutcome.TimedOut)]
    [InlineData(429, null, ActivationOutcome.RateLimited)]
    [InlineData(500, "MMC.111070003", ActivationOutcome.ServiceUnavailable)]
    [InlineData(502, null, ActivationOutcome.ServiceUnavailable)]
    [InlineData(503, null, ActivationOutcome.ServiceUnavailable)]
    [InlineData(504, null, ActivationOutcome.ServiceUnavailable)]
    [InlineData(418, "SOMETHING.NEW", ActivationOutcome.ServiceUnavailable)]
    public void Start_failures_map_by_code_then_status(int status, string? code, ActivationOutcome expected) =>
        Assert.Equal(expected, ActivationErrorMapping.ForStart(new HuaweiFailure(HuaweiFailureKind.HttpError, status, code)));

    [Theory]
    [InlineData(400, null, ActivationOutcome.AuthenticationFailed)]
    [InlineData(401, "USG.206010025", ActivationOutcome.AuthenticationFailed)]
    [InlineData(403, null, ActivationOutcome.AuthenticationFailed)]
    [InlineData(400, "MMC.111070005", ActivationOutcome.AuthenticationFailed)]
    [InlineData(429, null, ActivationOutcome.RateLimited)]
    [InlineData(400, "APIG.0308", ActivationOutcome.RateLimited)]
    [InlineData(408, null, ActivationOutcome.TimedOut)]
    [InlineData(500, null, ActivationOutcome.ServiceUnavailable)]
    [InlineData(503, null, ActivationOutcome.ServiceUnavailable)]
    public void Authentication_failures_blame_the_app_credentials_for_client_errors(int status, string? code, ActivationOutcome expected) =>
        Assert.Equal(expected, ActivationErrorMapping.ForAuthentication(new HuaweiFailure(HuaweiFailureKind.HttpError, status, code)));

    [Theory]
    [InlineData(nameof(HuaweiFailureKind.Timeout), ActivationOutcome.TimedOut)]
    [InlineData(nameof(HuaweiFailureKind.Unreachable), ActivationOutcome.ServiceUnavailable)]
    [InlineData(nameof(HuaweiFailureKind.MalformedResponse), ActivationOutcome.ServiceUnavailable)]
    public void Failures_without_an_answer_map_by_kind(string kindName, ActivationOutcome expected)
    {
        var kind = Enum.Parse<HuaweiFailureKind>(kindName);
        Assert.Equal(expected, ActivationErrorMapping.ForStart(new HuaweiFailure(kind)));
        Assert.Equal(expected, ActivationErrorMapping.ForAuthentication(new HuaweiFailure(kind)));
    }
}
