using Microsoft.Bot.Connector;
using Microsoft.Rest;
using Newtonsoft.Json;

namespace MeetingBot.Bot;

/// <summary>
/// An <see cref="IConnectorClient"/> that creates the real one on first use (see <see cref="LazyClientsAuthentication"/>).
/// The SDK's connector factory completes synchronously (it makes credentials without I/O; a token is fetched only when
/// a request is sent), so the first property read waits for nothing.
/// </summary>
public sealed class LazyConnectorClient(Func<Task<IConnectorClient>> create) : IConnectorClient
{
    private readonly Lazy<IConnectorClient> client = new(() => create().GetAwaiter().GetResult());

    /// <summary>Whether the real client was created (tests).</summary>
    public bool IsCreated => client.IsValueCreated;

    /// <summary>The real client, created now if it was not yet.</summary>
    public IConnectorClient Client => client.Value;

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

    /// <summary>The real client when it is the SDK's (which some SDK helpers and targeted messages need), else null.</summary>
    public static ConnectorClient? Unwrap(IConnectorClient? connector) => connector switch
    {
        LazyConnectorClient lazy => lazy.Client as ConnectorClient,
        ConnectorClient real => real,
        _ => null,
    };

    public void Dispose()
    {
        if (client.IsValueCreated)
        {
            client.Value.Dispose();
        }
    }
}
