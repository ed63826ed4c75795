using System.Security.Claims;
using MeetingBot.Channels.BotFramework.LazyClients;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Connector;
using Microsoft.Extensions.Configuration;

namespace MeetingBot.Tests.Bot;

public class LazyConnectorClientTests
{
    private const string ServiceUrl = "https://smba.trafficmanager.net/amer/";

    [Fact]
    public async Task The_authentication_hands_the_adapter_a_connector_client_that_is_built_on_first_use()
    {
        var authentication = new LazyClientsAuthentication(new ConfigurationBotFrameworkAuthentication(new ConfigurationBuilder().Build()));
        var factory = authentication.CreateConnectorFactory(new ClaimsIdentity());

        using var client = await factory.CreateAsync(ServiceUrl, "https://api.botframework.com", CancellationToken.None);

        var lazy = Assert.IsType<LazyConnectorClient>(client);
        Assert.False(lazy.IsCreated);
        Assert.Equal(new Uri(ServiceUrl), client.BaseUri);
        Assert.True(lazy.IsCreated);
        Assert.NotNull(client.Conversations);
        var real = Assert.IsType<ConnectorClient>(await LazyConnectorClient.UnwrapAsync(client));
        Assert.Same(real, lazy.Client);
        Assert.Same(real.Conversations, client.Conversations);
    }

    [Fact]
    public async Task An_incoming_turn_gets_the_lazy_connector_factory_from_the_authentication_result()
    {
        // Local mode (no app id): the request needs no token, as in the Emulator and the tests.
        var authentication = new LazyClientsAuthentication(new ConfigurationBotFrameworkAuthentication(new ConfigurationBuilder().Build()));
        var activity = new Microsoft.Bot.Schema.Activity { Type = "message", ChannelId = "emulator", ServiceUrl = ServiceUrl };

        var result = await authentication.AuthenticateRequestAsync(activity, authHeader: string.Empty, CancellationToken.None);
        using var client = await result.ConnectorFactory.CreateAsync(ServiceUrl, result.Audience, CancellationToken.None);

        Assert.False(Assert.IsType<LazyConnectorClient>(client).IsCreated);
        Assert.IsType<ConnectorClient>(await LazyConnectorClient.UnwrapAsync(client));
    }

    [Fact]
    public void The_real_client_is_built_once_and_disposed_with_the_lazy_one()
    {
        var builds = 0;
        var real = new ConnectorClient(new Uri(ServiceUrl));
        var lazy = new LazyConnectorClient(() =>
        {
            builds++;
            return Task.FromResult<IConnectorClient>(real);
        });

        _ = lazy.Conversations;
        _ = lazy.Attachments;
        _ = lazy.SerializationSettings;
        lazy.Dispose();

        Assert.Equal(1, builds);
        Assert.Null(real.HttpClient); // what ServiceClient.Dispose leaves
    }

    [Fact]
    public async Task Disposing_an_unused_one_builds_nothing()
    {
        var builds = 0;
        var lazy = new LazyConnectorClient(() =>
        {
            builds++;
            return Task.FromResult<IConnectorClient>(new ConnectorClient(new Uri(ServiceUrl)));
        });

        lazy.Dispose();

        Assert.Equal(0, builds);
        Assert.Null(await LazyConnectorClient.UnwrapAsync(null));
    }

    [Fact]
    public async Task A_client_still_being_made_is_never_waited_for_on_a_property_but_awaited_by_the_adapter()
    {
        var made = new TaskCompletionSource<IConnectorClient>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var lazy = new LazyConnectorClient(() => made.Task);

        Assert.Throws<InvalidOperationException>(() => lazy.Conversations);
        var unwrapping = LazyConnectorClient.UnwrapAsync(lazy);
        Assert.False(unwrapping.IsCompleted);

        using var real = new ConnectorClient(new Uri(ServiceUrl));
        made.SetResult(real);

        Assert.Same(real, await unwrapping);
        Assert.Same(real.Conversations, lazy.Conversations);
    }
}
