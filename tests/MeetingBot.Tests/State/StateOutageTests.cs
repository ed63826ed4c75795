using System.Security.Cryptography;
using MeetingBot.Cards;
using MeetingBot.Channels.BotFramework;
using MeetingBot.Channels.Slack;
using MeetingBot.Conversation;
using MeetingBot.Localization;
using MeetingBot.State.Redis;
using MeetingBot.State;
using MeetingBot.Tests.Infrastructure;
using StackExchange.Redis;

namespace MeetingBot.Tests.State;

public class StateOutageTests
{
    [Fact]
    public void Redis_connection_and_timeout_failures_are_an_outage_also_when_wrapped()
    {
        var connection = new RedisConnectionException(ConnectionFailureType.UnableToConnect, CommandFlags.None, "No connection is active", null, CommandStatus.Unknown);
        var timeout = new RedisTimeoutException(CommandFlags.None, "Timeout awaiting response", CommandStatus.Sent);

        Assert.True(StateOutage.Caused(connection));
        Assert.True(StateOutage.Caused(timeout));
        Assert.True(StateOutage.Caused(new InvalidOperationException("the key ring could not be read", timeout)));
        Assert.True(StateOutage.Caused(new AggregateException(new ArgumentException("other"), connection)));
    }

    [Theory]
    [InlineData("CLUSTERDOWN The cluster is down")]
    [InlineData("CLUSTERDOWN Hash slot not served")]
    [InlineData("TRYAGAIN Multiple keys request during rehashing of slot")]
    [InlineData("MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'.")]
    [InlineData("LOADING Redis is loading the dataset in memory")]
    [InlineData("READONLY You can't write against a read only replica.")]
    public void A_cluster_between_states_is_an_outage(string error)
    {
        var exception = new RedisServerException(RedisErrorKind.Unknown, CommandFlags.None, error);

        Assert.True(StateOutage.Caused(exception), exception.Message);
        Assert.IsType<UnavailableReply>(TurnFailure.ReplyFor(exception));
    }

    [Fact]
    public void A_write_no_replica_acknowledged_is_an_outage()
    {
        Assert.True(StateOutage.Caused(new WriteNotReplicatedException()));
    }

    [Fact]
    public void Other_failures_are_bugs_answered_with_an_apology()
    {
        Assert.False(StateOutage.Caused(new TimeoutException("a lock was not acquired in time")));
        Assert.False(StateOutage.Caused(new CryptographicException("key not found")));
        Assert.False(StateOutage.Caused(new RedisServerException(RedisErrorKind.Unknown, CommandFlags.None, "ERR unknown command")));
        Assert.IsType<ApologyReply>(TurnFailure.ReplyFor(new InvalidOperationException("bug")));
        Assert.IsType<UnavailableReply>(TurnFailure.ReplyFor(new RedisConnectionException(ConnectionFailureType.SocketClosed, CommandFlags.None, "closed", null, CommandStatus.Unknown)));
    }

    [Fact]
    public void Unavailable_reads_the_same_on_cards_messages_and_slack_in_english_and_chinese()
    {
        const string English = "MeetingBot is temporarily unavailable. Please try again shortly.";
        const string Chinese = "MeetingBot 暂时不可用，请稍后重试。";
        var reply = new UnavailableReply();

        Assert.Equal(English, Assert.Single(ReplyRenderer.Card(reply, BotText.For("en-US"), CardActionStyle.Execute).TextBlocks()));
        Assert.Equal(Chinese, Assert.Single(ReplyRenderer.Card(reply, BotText.For("zh-CN"), CardActionStyle.Submit).TextBlocks()));
        Assert.Equal(English, new SlackReplies(BotText.For("en")).Render(reply, new SlackAudience("U0USER0001")).Text);
        Assert.Equal(Chinese, BotText.For("zh-CN")[nameof(Strings.StateUnavailable)]);
    }

    [Fact]
    public void The_connection_fails_fast_with_short_timeouts_and_reconnects_every_second()
    {
        var options = RedisConnectionSettings.For("redis.example:6380,ssl=true,password=secret-value");

        Assert.Equal(1500, options.ConnectTimeout);
        Assert.Equal(1500, options.SyncTimeout);
        Assert.Equal(1500, options.AsyncTimeout);
        Assert.Equal(TimeSpan.FromMilliseconds(250), options.HeartbeatInterval);
        Assert.False(options.AbortOnConnectFail);
        Assert.False(options.BacklogPolicy.QueueWhileDisconnected);
        Assert.IsType<LinearRetry>(options.ReconnectRetryPolicy);
        Assert.True(options.Ssl);
        Assert.Equal("secret-value", options.Password);
    }

    [Fact]
    public void Timeouts_the_connection_string_names_win()
    {
        var options = RedisConnectionSettings.For("127.0.0.1:6379,connectTimeout=5000,syncTimeout=3000, asyncTimeout=4000");

        Assert.Equal(5000, options.ConnectTimeout);
        Assert.Equal(3000, options.SyncTimeout);
        Assert.Equal(4000, options.AsyncTimeout);
    }
}
