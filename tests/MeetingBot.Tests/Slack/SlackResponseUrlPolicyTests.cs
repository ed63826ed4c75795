using MeetingBot.Channels.Slack;
using Microsoft.Extensions.Options;

namespace MeetingBot.Tests.Slack;

public class SlackResponseUrlPolicyTests
{
    private static SlackResponseUrlPolicy Policy(bool allowLoopback = false) =>
        new(Options.Create(new SlackOptions { AllowLoopbackResponseUrl = allowLoopback }));

    [Theory]
    [InlineData("https://hooks.slack.com/commands/T0TEAM0001/1234567890/abcDEF")]
    [InlineData("https://HOOKS.SLACK.COM/commands/T0TEAM0001/1234567890/abcDEF")]
    [InlineData("https://hooks.slack.com:443/commands/T0TEAM0001/1234567890/abcDEF")]
    public void Slacks_webhook_host_over_https_is_allowed(string url)
    {
        Assert.True(Policy().IsAllowed(new Uri(url)));
    }

    [Theory]
    [InlineData("http://hooks.slack.com/commands/T/1/x")]
    [InlineData("https://hooks.slack.com:8443/commands/T/1/x")]
    [InlineData("https://hooks.slack.com.attacker.example/commands/T/1/x")]
    [InlineData("https://attacker.example/hooks.slack.com")]
    [InlineData("https://slack.com/commands/T/1/x")]
    [InlineData("https://user:pass@hooks.slack.com/commands/T/1/x")]
    [InlineData("ftp://hooks.slack.com/commands/T/1/x")]
    [InlineData("http://127.0.0.1:5000/reply")]
    [InlineData("http://localhost:5000/reply")]
    [InlineData("http://169.254.169.254/latest/meta-data")]
    public void Any_other_url_is_refused_by_default(string url)
    {
        Assert.False(Policy().IsAllowed(new Uri(url)));
    }

    [Fact]
    public void No_url_is_refused()
    {
        Assert.False(Policy(allowLoopback: true).IsAllowed(null));
    }

    [Theory]
    [InlineData("http://127.0.0.1:5000/reply")]
    [InlineData("https://127.0.0.1:5000/reply")]
    [InlineData("http://[::1]:5000/reply")]
    [InlineData("http://localhost:5000/reply")]
    public void Loopback_is_allowed_only_with_the_override(string url)
    {
        Assert.True(Policy(allowLoopback: true).IsAllowed(new Uri(url)));
        Assert.False(Policy(allowLoopback: false).IsAllowed(new Uri(url)));
    }

    [Theory]
    [InlineData("http://10.0.0.5/reply")]
    [InlineData("http://169.254.169.254/latest/meta-data")]
    [InlineData("http://localhost.attacker.example/reply")]
    [InlineData("file:///etc/passwd")]
    public void The_loopback_override_allows_nothing_else(string url)
    {
        Assert.False(Policy(allowLoopback: true).IsAllowed(new Uri(url)));
    }
}
