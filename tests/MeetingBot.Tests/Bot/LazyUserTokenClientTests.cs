using System.Security.Claims;
using MeetingBot.Channels.BotFramework.LazyClients;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Configuration;

namespace MeetingBot.Tests.Bot;

public class LazyUserTokenClientTests
{
    [Fact]
    public async Task The_authentication_hands_the_adapter_a_user_token_client_that_is_not_built_yet()
    {
        var configuration = new ConfigurationBuilder().Build();
        var authentication = new LazyClientsAuthentication(new ConfigurationBotFrameworkAuthentication(configuration));

        using var client = await authentication.CreateUserTokenClientAsync(new ClaimsIdentity(), CancellationToken.None);

        var lazy = Assert.IsType<LazyUserTokenClient>(client);
        Assert.False(lazy.IsCreated);
    }

    [Fact]
    public async Task The_real_client_is_built_once_on_first_use_and_answers_every_call()
    {
        var real = new RecordingUserTokenClient();
        var builds = 0;
        using var lazy = new LazyUserTokenClient(() =>
        {
            builds++;
            return Task.FromResult<UserTokenClient>(real);
        });

        var token = await lazy.GetUserTokenAsync("user", "connection", "msteams", null!, CancellationToken.None);
        await lazy.SignOutUserAsync("user", "connection", "msteams", CancellationToken.None);

        Assert.Equal("token-for-user", token.Token);
        Assert.Equal(["GetUserToken user", "SignOutUser user"], real.Calls);
        Assert.Equal(1, builds);
    }

    [Fact]
    public async Task Disposing_it_disposes_the_real_client_when_one_was_built()
    {
        var real = new RecordingUserTokenClient();
        var lazy = new LazyUserTokenClient(() => Task.FromResult<UserTokenClient>(real));
        await lazy.GetTokenStatusAsync("user", "msteams", null!, CancellationToken.None);

        lazy.Dispose();

        Assert.True(real.Disposed);
    }

    [Fact]
    public void Disposing_an_unused_one_builds_nothing()
    {
        var builds = 0;
        var lazy = new LazyUserTokenClient(() =>
        {
            builds++;
            return Task.FromResult<UserTokenClient>(new RecordingUserTokenClient());
        });

        lazy.Dispose();

        Assert.Equal(0, builds);
    }

    private sealed class RecordingUserTokenClient : UserTokenClient
    {
        public List<string> Calls { get; } = [];

        public bool Disposed { get; private set; }

        public override Task<TokenResponse> GetUserTokenAsync(string userId, string connectionName, string channelId, string magicCode, CancellationToken cancellationToken)
        {
            Calls.Add($"GetUserToken {userId}");
            return Task.FromResult(new TokenResponse { Token = $"token-for-{userId}" });
        }

        public override Task SignOutUserAsync(string userId, string connectionName, string channelId, CancellationToken cancellationToken)
        {
            Calls.Add($"SignOutUser {userId}");
            return Task.CompletedTask;
        }

        public override Task<TokenStatus[]> GetTokenStatusAsync(string userId, string channelId, string includeFilter, CancellationToken cancellationToken)
        {
            Calls.Add($"GetTokenStatus {userId}");
            return Task.FromResult(Array.Empty<TokenStatus>());
        }

        public override Task<SignInResource> GetSignInResourceAsync(string connectionName, Activity activity, string finalRedirect, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public override Task<Dictionary<string, TokenResponse>> GetAadTokensAsync(string userId, string connectionName, string[] resourceUrls, string channelId, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public override Task<TokenResponse> ExchangeTokenAsync(string userId, string connectionName, string channelId, TokenExchangeRequest exchangeRequest, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            Disposed = true;
            base.Dispose(disposing);
        }
    }
}
