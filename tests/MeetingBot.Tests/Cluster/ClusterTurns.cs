using System.Diagnostics;
using System.Net;
using MeetingBot.Cards;
using MeetingBot.Tests.Infrastructure;
using Newtonsoft.Json.Linq;

namespace MeetingBot.Tests.Cluster;

/// <summary>One request to one replica and what came back: never throws, so a load can count its failures.</summary>
public sealed record TurnAnswer(int Replica, HttpStatusCode? Status, string Body, TimeSpan Took, string? Failure = null)
{
    public bool Succeeded => Status == HttpStatusCode.OK && Failure is null;

    public bool Shows(string text) => Succeeded && Body.Contains(text, StringComparison.Ordinal);

    public override string ToString() => $"replica {Replica}: {(int?)Status} {Failure} in {Took.TotalMilliseconds:0} ms: {Body}";
}

/// <summary>Turns a test sends to the cluster's replicas, each user and conversation its own (ids from the caller).</summary>
public static class ClusterTurns
{
    /// <summary>
    /// A 1:1 Emulator message <c>activate ID PASSWORD</c> from <paramref name="userId"/> in a conversation of its own,
    /// with <c>expectReplies</c>: the outcome comes back in the HTTP response.
    /// </summary>
    public static Task<TurnAnswer> TypeActivateAsync(this BotCluster cluster, int replica, string userId, string meetingId, string password) =>
        cluster.SendAsync(replica, Conversation(cluster, replica, ActivityFixtures.Emulator, userId), $"activate {meetingId} {password}");

    /// <summary>A conversation of <paramref name="userId"/> (a fresh conversation id) whose activities go to <paramref name="replica"/>.</summary>
    public static BotConversation Conversation(this BotCluster cluster, int replica, string fixture, string userId) =>
        new(() => cluster.Client(replica), fixture, activity =>
        {
            activity["from"]!["id"] = userId;
            ((JObject)activity["from"]!).Remove("aadObjectId");
        });

    public static async Task<TurnAnswer> SendAsync(this BotCluster cluster, int replica, BotConversation conversation, string text)
    {
        var activity = conversation.NewActivity();
        activity["text"] = text;
        return await PostAsync(replica, () => conversation.PostAsync(activity));
    }

    /// <summary>Clicks an Action.Submit of a Web Chat form with <paramref name="inputs"/>.</summary>
    public static Task<TurnAnswer> SubmitAsync(int replica, BotConversation conversation, JObject action, IReadOnlyDictionary<string, string> inputs)
    {
        var value = (JObject)action["data"]!.DeepClone();
        foreach (var (id, text) in inputs)
        {
            value[id] = text;
        }

        var activity = conversation.NewActivity();
        activity["value"] = value;
        return PostAsync(replica, () => conversation.PostAsync(activity));
    }

    /// <summary>
    /// A Teams <c>Action.Execute</c> click on the form of message <paramref name="cardMessageId"/> in a personal chat whose
    /// Bot Connector is the cluster's <see cref="ConnectorListener"/> (where a late outcome updates the card).
    /// </summary>
    public static Task<TurnAnswer> ExecuteAsync(this BotCluster cluster, int replica, string userId, string cardMessageId, string meetingId, string password)
    {
        var conversation = cluster.Conversation(replica, ActivityFixtures.TeamsInvoke, userId).UseServiceUrl(cluster.Connector.ServiceUrl);
        var activity = conversation.NewActivity("invoke");
        activity["name"] = "adaptiveCard/action";
        activity["replyToId"] = cardMessageId;
        activity["value"] = new JObject
        {
            ["action"] = new JObject
            {
                ["type"] = "Action.Execute",
                ["verb"] = CardVerbs.Activate,
                ["data"] = new JObject { [CardData.Verb] = CardVerbs.Activate, [CardInputs.MeetingId] = meetingId, [CardInputs.Password] = password },
            },
            ["trigger"] = "manual",
        };
        return PostAsync(replica, () => conversation.PostAsync(activity));
    }

    private static async Task<TurnAnswer> PostAsync(int replica, Func<Task<HttpResponseMessage>> post)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            using var response = await post();
            return new TurnAnswer(replica, response.StatusCode, await response.Content.ReadAsStringAsync(), clock.Elapsed);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            return new TurnAnswer(replica, null, string.Empty, clock.Elapsed, e.GetType().Name + ": " + e.Message);
        }
    }
}

/// <summary>Reading Slack's response_url posts of one command.</summary>
public static class ResponseUrlPosts
{
    /// <summary>The next post to <paramref name="responseUrl"/>, skipping others (a fast command that outlasted Slack's budget posts too).</summary>
    public static async Task<Slack.ResponseUrlListener.ReceivedPost> PostToAsync(this Slack.ResponseUrlListener hooks, Uri responseUrl, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var left = deadline - DateTime.UtcNow;
            var post = await hooks.NextPostAsync(left > TimeSpan.Zero ? left : TimeSpan.Zero);
            if (post.Path == responseUrl.AbsolutePath)
            {
                return post;
            }
        }
    }
}
