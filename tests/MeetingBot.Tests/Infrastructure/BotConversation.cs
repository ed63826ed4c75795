using System.Net;
using System.Runtime.CompilerServices;
using System.Text;
using MeetingBot.Cards;
using MeetingBot.Testing;
using Microsoft.Bot.Schema;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace MeetingBot.Tests.Infrastructure;

/// <summary>
/// One conversation with the bot through <c>POST /api/messages</c>, built from a channel fixture. Each instance gets
/// its own conversation id so tests never share bot state. Messages use <c>deliveryMode: expectReplies</c> unless a
/// test sends replies to a <see cref="ConnectorListener"/> instead (<see cref="UseServiceUrl"/>).
/// </summary>
public sealed class BotConversation
{
    private readonly Func<HttpClient> http;
    private readonly JObject template;
    private readonly StrongBox<int> sequence = new();

    internal BotConversation(MeetingBotApplication host, string fixture, Action<JObject>? customize)
        : this(() => host.Http, fixture, customize)
    {
    }

    /// <param name="http">Where to post activities (a client whose base address is the bot, e.g. one replica).</param>
    internal BotConversation(Func<HttpClient> http, string fixture, Action<JObject>? customize)
    {
        this.http = http;
        template = ActivityFixtures.Load(fixture);
        var conversation = (JObject)template["conversation"]!;
        var id = conversation.Value<string>("id")!;
        ConversationId = id.Contains(";messageid=", StringComparison.Ordinal)
            ? id.Replace(";messageid=", $"-{Guid.NewGuid():N};messageid=", StringComparison.Ordinal)
            : $"{id}-{Guid.NewGuid():N}";
        conversation["id"] = ConversationId;
        // A user of its own too, so token cache and user state never leak between tests.
        var from = (JObject)template["from"]!;
        from["id"] = $"{from.Value<string>("id")}-{Guid.NewGuid():N}";
        customize?.Invoke(template);
    }

    private BotConversation(BotConversation conversation, Func<HttpClient> replica)
    {
        http = replica;
        template = conversation.template;
        sequence = conversation.sequence;
        ConversationId = conversation.ConversationId;
        ExpectReplies = conversation.ExpectReplies;
    }

    public string ConversationId { get; }

    public string ChannelId => template.Value<string>("channelId")!;

    public string UserId => template["from"]!.Value<string>("id")!;

    public bool ExpectReplies { get; set; } = true;

    /// <summary>Sends the bot's outgoing calls (replies, updates) to <paramref name="serviceUrl"/>, and stops using expectReplies.</summary>
    public BotConversation UseServiceUrl(Uri serviceUrl)
    {
        template["serviceUrl"] = serviceUrl.ToString();
        ExpectReplies = false;
        return this;
    }

    /// <summary>The same conversation and user, its activities posted through <paramref name="replica"/> (another bot process).</summary>
    public BotConversation Via(HttpClient replica) => new(this, () => replica);

    /// <summary>The same conversation and user, reaching the bot through <paramref name="replica"/> (another host sharing its state).</summary>
    public BotConversation Through(MeetingBotApplication replica) => new(this, () => replica.Http);

    public BotConversation WithLocale(string locale)
    {
        template["locale"] = locale;
        return this;
    }

    /// <summary>The template as a new activity of this conversation (fresh id, no text or value).</summary>
    public JObject NewActivity(string type = ActivityTypes.Message)
    {
        var activity = (JObject)template.DeepClone();
        activity["type"] = type;
        activity["id"] = $"{template.Value<string>("id")}-{Interlocked.Increment(ref sequence.Value)}";
        activity.Remove("text");
        activity.Remove("value");
        activity.Remove("name");
        activity.Remove("attachments");
        return activity;
    }

    public Task<IReadOnlyList<Activity>> SendTextAsync(string text)
    {
        var activity = NewActivity();
        activity["text"] = text;
        return SendAsync(activity);
    }

    /// <summary>An Action.Submit click: a message with no text whose value is the action's data merged with the inputs.</summary>
    public Task<IReadOnlyList<Activity>> SubmitAsync(JObject value, string? cardMessageId = null)
    {
        var activity = NewActivity();
        activity["value"] = value;
        if (cardMessageId is not null)
        {
            activity["replyToId"] = cardMessageId;
        }

        return SendAsync(activity);
    }

    /// <summary>Clicks <paramref name="action"/> (an Action.Submit from a card) after filling in <paramref name="inputs"/>.</summary>
    public Task<IReadOnlyList<Activity>> ClickAsync(JObject action, IReadOnlyDictionary<string, string>? inputs = null, string? cardMessageId = null)
    {
        var submit = action.Value<string>("type") == "Action.Execute" ? (JObject)action["fallback"]! : action;
        var value = (JObject)submit["data"]!.DeepClone();
        foreach (var (id, text) in inputs ?? new Dictionary<string, string>())
        {
            value[id] = text;
        }

        return SubmitAsync(value, cardMessageId);
    }

    /// <summary>A Teams Universal Action click (invoke <c>adaptiveCard/action</c>): returns the HTTP status and body.</summary>
    public async Task<(HttpStatusCode Status, JObject? Body)> ExecuteAsync(JObject action, IReadOnlyDictionary<string, string>? inputs = null, string cardMessageId = "1767765488332")
    {
        Assert.Equal("Action.Execute", action.Value<string>("type"));
        var data = (JObject)action["data"]!.DeepClone();
        foreach (var (id, text) in inputs ?? new Dictionary<string, string>())
        {
            data[id] = text;
        }

        var activity = NewActivity(ActivityTypes.Invoke);
        activity["name"] = "adaptiveCard/action";
        activity["replyToId"] = cardMessageId;
        activity["value"] = new JObject
        {
            ["action"] = new JObject { ["type"] = "Action.Execute", ["title"] = action["title"], ["verb"] = action["verb"], ["data"] = data },
            ["trigger"] = "manual",
        };
        using var response = await PostAsync(activity);
        var body = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, body.Length == 0 ? null : JObject.Parse(body));
    }

    /// <summary>A link pasted into the Teams compose box (invoke <c>composeExtension/queryLink</c>): returns the HTTP status and body.</summary>
    public async Task<(HttpStatusCode Status, JObject? Body)> QueryLinkAsync(string url)
    {
        var activity = NewActivity(ActivityTypes.Invoke);
        activity["name"] = "composeExtension/queryLink";
        activity["value"] = new JObject { ["url"] = url };
        using var response = await PostAsync(activity);
        var body = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, body.Length == 0 ? null : JObject.Parse(body));
    }

    public async Task<IReadOnlyList<Activity>> SendAsync(JObject activity)
    {
        using var response = await PostAsync(activity);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"POST /api/messages answered {(int)response.StatusCode}: {body}");
        if (!ExpectReplies)
        {
            return [];
        }

        return [.. JsonConvert.DeserializeObject<ExpectedReplies>(body)!.Activities ?? []];
    }

    public Task<HttpResponseMessage> PostAsync(JObject activity)
    {
        if (ExpectReplies && activity.Value<string>("type") != ActivityTypes.Invoke)
        {
            activity["deliveryMode"] = DeliveryModes.ExpectReplies;
        }

        var content = new StringContent(activity.ToString(Formatting.None), Encoding.UTF8, "application/json");
        return http().PostAsync(new Uri("/api/messages", UriKind.Relative), content);
    }
}

/// <summary>Starting a conversation with the app.</summary>
public static class Conversations
{
    /// <summary>A new conversation (and user) built from the channel fixture <paramref name="fixture"/>.</summary>
    public static BotConversation Conversation(this MeetingBotApplication host, string fixture, Action<JObject>? customize = null) =>
        new(host, fixture, customize);
}

/// <summary>Reading the bot's replies.</summary>
public static class Replies
{
    public static JObject SingleCard(this IEnumerable<Activity> activities) =>
        Assert.Single(Cards(activities));

    public static IEnumerable<JObject> Cards(this IEnumerable<Activity> activities) =>
        activities.Where(a => a.Type == ActivityTypes.Message)
            .SelectMany(a => a.Attachments ?? [])
            .Where(a => a.ContentType == AdaptiveElements.ContentType)
            .Select(a => a.Content as JObject ?? JObject.FromObject(a.Content));

    public static IEnumerable<string> Texts(this IEnumerable<Activity> activities) =>
        activities.Where(a => a.Type == ActivityTypes.Message && !string.IsNullOrEmpty(a.Text)).Select(a => a.Text);

    public static IEnumerable<string> TextBlocks(this JObject card) =>
        card.Descendants().OfType<JObject>().Where(o => o.Value<string>("type") == "TextBlock").Select(o => o.Value<string>("text")!);

    public static JObject Action(this JObject card, string verb) =>
        card.Descendants().OfType<JObject>()
            .First(o => o.Value<string>("type") is "Action.Submit" or "Action.Execute" && o["data"]?[CardData.Verb]?.Value<string>() == verb);

    /// <summary>The card's one-click Activate buttons (not the Action.Submit an Action.Execute carries as its fallback).</summary>
    public static IEnumerable<JObject> OneClickButtons(this JObject card) =>
        card.Descendants().OfType<JObject>().Where(o =>
            o.Value<string>("type") is "Action.Submit" or "Action.Execute"
            && o["data"]?[CardData.Verb]?.Value<string>() == CardVerbs.OneClick
            && o.Parent is not JProperty { Name: "fallback" });

    public static JObject OneClickButton(this JObject card, string meetingId) =>
        Assert.Single(card.OneClickButtons(), button => button["data"]![CardInputs.MeetingId]!.Value<string>() == meetingId);

    public static JObject Input(this JObject card, string id) =>
        card.Descendants().OfType<JObject>().Single(o => o.Value<string>("type") == "Input.Text" && o.Value<string>("id") == id);
}
