using MeetingBot.Meetings.Activation;

namespace MeetingBot.Meetings.Tests;

public class MeetingInputTests
{
    [Theory]
    [InlineData("986030665", "986030665")]
    [InlineData("986 030 665", "986030665")]
    [InlineData("986-030-665", "986030665")]
    [InlineData(" 986\u00A0030665 ", "986030665")]
    [InlineData(null, "")]
    public void NormalizeMeetingId_removes_spaces_and_dashes(string? input, string expected) =>
        Assert.Equal(expected, MeetingInput.NormalizeMeetingId(input));

    [Theory]
    [InlineData("986030665", null)]
    [InlineData("", InputProblem.MeetingIdMissing)]
    [InlineData("98603O665", InputProblem.MeetingIdNotDigits)]
    [InlineData("12345", InputProblem.MeetingIdWrongLength)]
    [InlineData("123456789012345678901", InputProblem.MeetingIdWrongLength)]
    public void ValidateMeetingId_applies_the_rules(string input, InputProblem? expected)
    {
        var problems = MeetingInput.ValidateMeetingId(input);
        if (expected is null)
        {
            Assert.Empty(problems);
        }
        else
        {
            Assert.Equal([expected.Value], problems);
        }
    }

    [Theory]
    [InlineData("123456", null)]
    [InlineData("", InputProblem.PasswordMissing)]
    [InlineData("12\n34", InputProblem.PasswordHasControlCharacters)]
    public void ValidatePassword_applies_the_rules(string input, InputProblem? expected)
    {
        var problems = MeetingInput.ValidatePassword(input);
        Assert.Equal(expected is null ? [] : [expected.Value], problems);
    }

    [Fact]
    public void ValidatePassword_refuses_an_overlong_password() =>
        Assert.Equal([InputProblem.PasswordTooLong], MeetingInput.ValidatePassword(new string('1', MeetingInput.MaxPasswordLength + 1)));
}
