using Microsoft.Bot.Builder;
using Microsoft.Bot.Connector;
using Microsoft.Rest;
using Newtonsoft.Json;

namespace MeetingBot.Channels.BotFramework.LazyClients;

/// <summary>
/// An <see cref="IConnectorClient"/> that creates the real one on first use (see <see cref="LazyClientsAuthentication"/>).
/// The Bot Framework reads the client through synchronous properties, so creation is awaited where it can be:
/// <see cref="MeetingBotAdapter"/> awaits <see cref="EnsureCreatedAsync(ITurnContext)"/> before it sends, updates or
/// deletes, and so does the Teams roster lookup. A property read before then uses the real client if the SDK's factory
/// has made it already (its factory completes at once: it makes credentials without I/O, and fetches a token only when
/// a request is sent); it never waits for one still being made.
/// </summary>
public sealed class LazyConnectorClient(Func<Task<IConnectorClient>> create) : IConnectorClient
{
    private readonly Lazy<Task<IConnectorClient>> client = new(create);

    /// <summary>Whether the real client was created (tests).</summary>
    public bool IsCreated => client.IsValueCreated;

    /// <summary>The real client: created now if it was not yet, provided that its creation needs no waiting.</summary>
    public IConnectorClient Client
    {
        get
        {
            var creation = client.Value;
            return creation.IsCompleted
                ? creation.GetAwaiter().GetResult() // completed: returns (or rethrows) at once, never blocks
                : throw new InvalidOperationException("The connector client is still being created: await EnsureCreatedAsync before using it.");
        }
    }

    public Uri BaseUri
    {
        get => Client.BaseUri;
        set => Client.BaseUri = value;
    }

    public JsonSerializerSettings SerializationSettings => Client.SerializationSettings;

    public JsonSerializerSettings DeserializationSettings => Client.DeserializationSettings;

    public ServiceClientCredentials Credentials => Client.Credentials;

    public IAttachments Attachments => Client.Attachments;

    public IConversations Conversations => Client.Conversations;

    /// <summary>Creates the real client of the turn's connector, if it is a lazy one, without blocking a thread.</summary>
    public static async Task EnsureCreatedAsync(ITurnContext turnContext)
    {
        if (turnContext.TurnState.Get<IConnectorClient>() is LazyConnectorClient lazy)
        {
            await lazy.client.Value;
        }
    }

    /// <summary>The real client when it is the SDK's (which some SDK helpers and targeted messages need), else null.</summary>
    public static async Task<ConnectorClient?> UnwrapAsync(IConnectorClient? connector) => connector switch
    {
        LazyConnectorClient lazy => await lazy.client.Value as ConnectorClient,
        ConnectorClient real => real,
        _ => null,
    };

    public void Dispose()
    {
        if (client.IsValueCreated && client.Value.IsCompletedSuccessfully)
        {
            client.Value.Result.Dispose(); // completed: does not block
        }
    }
}
