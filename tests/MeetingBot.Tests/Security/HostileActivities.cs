using System.Globalization;
using System.Text;
using MeetingBot.Cards;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace MeetingBot.Tests.Security;

/// <summary>
/// Generates odd and malformed requests for <c>/api/messages</c> from real channel payloads, reproducibly from a
/// seed: missing or wrongly typed fields, card submits with hostile inputs, wrong verbs and stale form ids,
/// unknown activity types, huge, unicode and control-character text, and bodies that are not JSON at all.
/// </summary>
internal sealed class HostileActivities(Random random, IReadOnlyList<JObject> templates, string serviceUrl)
{
    /// <summary>Every password the generator puts in a card or command: none may reach a log.</summary>
    public static readonly IReadOnlyList<string> Passwords = ["Fz#pw-7319-secret", "Fz#pw-8842-secret", "Fz#pw-1105-secret"];

    private static readonly string[] Injections =
    [
        "'; DROP TABLE meetings; --", "<script>alert(1)</script>", "{{7*7}}", "${jndi:ldap://127.0.0.1/x}", "../../etc/passwd",
        "%00%0d%0aSet-Cookie: x=y", "\u0000\u0001\u001b[31m", "{\"$type\":\"System.IO.FileInfo, System.IO\"}", "$(rm -rf /)",
        "986030665 OR 1=1", "９８６０３０６６５", "986\u200B030\u200B665", "+986030665", "-1", "1e9", "NaN", "null", "[]",
    ];

    private static readonly string[] OddTexts =
    [
        "activate", "/activate 986030665", "activate 986 030-665", "ACTIVATE\u0000", "start\tmeeting", "help", "signout", "cancel",
        "激活 986030665", "\u202Eetavitca", "👍🏽🎉", "a\u0301\u0301\u0301", "\r\n\r\n", "<at>MeetingBot</at> activate", "/", "", "   ",
    ];

    private static readonly string[] OddTypes =
    [
        "foo", "event", "typing", "messageReaction", "endOfConversation", "deleteUserData", "handoff", "trace", "command",
        "contactRelationUpdate", "messageUpdate", "messageDelete", "suggestion", "MESSAGE", "invoke ",
    ];

    private static readonly string[] TopLevelFields =
        ["from", "conversation", "recipient", "channelId", "serviceUrl", "id", "text", "value", "channelData", "entities", "locale", "attachments", "timestamp", "name", "replyToId"];

    public IEnumerable<string> Generate(int count)
    {
        for (var i = 0; i < count; i++)
        {
            yield return random.Next(20) switch
            {
                0 => NotJson(),
                _ => Mutated().ToString(Formatting.None),
            };
        }
    }

    private JObject Mutated()
    {
        var activity = (JObject)Pick(templates).DeepClone();
        activity.Remove("_fixture");
        activity["serviceUrl"] = serviceUrl;
        // Most ask for the replies in the HTTP answer; the rest are answered through the fake connector at serviceUrl.
        if (random.Next(4) != 0)
        {
            activity["deliveryMode"] = "expectReplies";
        }

        var mutations = 1 + random.Next(3);
        for (var m = 0; m < mutations; m++)
        {
            Mutate(activity);
        }

        return activity;
    }

    private void Mutate(JObject activity)
    {
        switch (random.Next(14))
        {
            case 0:
                activity.Remove(Pick(TopLevelFields));
                break;
            case 1:
                activity[Pick(TopLevelFields)] = OddValue();
                break;
            case 2:
                activity["value"] = random.Next(4) switch { 0 => "a string", 1 => new JArray(1, "two", JValue.CreateNull()), 2 => JValue.CreateNull(), _ => 42 };
                break;
            case 3:
                activity["text"] = HugeText();
                break;
            case 4:
                activity["text"] = Pick(OddTexts) + ControlCharacters();
                break;
            case 5:
                activity["type"] = "message";
                activity.Remove("text");
                activity["value"] = CardSubmit();
                break;
            case 6:
                activity["type"] = "invoke";
                activity["name"] = "adaptiveCard/action";
                activity["value"] = new JObject
                {
                    ["action"] = new JObject { ["type"] = "Action.Execute", ["verb"] = OddVerb(), ["data"] = CardSubmit() },
                    ["trigger"] = "manual",
                };
                break;
            case 7:
                activity["type"] = Pick(OddTypes);
                break;
            case 8:
                activity["type"] = "invoke";
                activity["name"] = random.Next(2) == 0 ? "composeExtension/query" : RandomId();
                break;
            case 9:
                activity["type"] = "message";
                activity["text"] = $"activate {Pick(Injections)} {Pick(Passwords)}";
                break;
            case 10:
                activity["locale"] = random.Next(3) switch { 0 => "xx-INVALID", 1 => new string('z', 5_000), _ => "zh-CN" };
                break;
            case 11:
                activity["channelData"] = new JObject { ["tenant"] = new JObject { ["id"] = OddValue() }, ["SlackMessage"] = OddValue() };
                break;
            case 12:
                activity["entities"] = new JArray(new JObject { ["type"] = "clientInfo", ["locale"] = OddValue() }, new JObject { ["type"] = "mention", ["mentioned"] = OddValue(), ["text"] = OddValue() });
                break;
            default:
                Nest(activity, random.Next(2) == 0 ? "from" : "conversation");
                break;
        }
    }

    private JObject CardSubmit() => new()
    {
        [CardData.Verb] = OddVerb(),
        [CardData.FormId] = random.Next(3) == 0 ? OddValue() : RandomId(),
        [CardInputs.MeetingId] = random.Next(3) == 0 ? "986030665" : Pick(Injections),
        [CardInputs.Password] = random.Next(2) == 0 ? Pick(Passwords) : Pick(Injections),
        [CardData.PrefillMeetingId] = random.Next(2) == 0 ? Pick(Injections) : JValue.CreateNull(),
    };

    private JToken OddVerb() => random.Next(5) switch
    {
        0 => Pick(CardVerbs.All),
        1 => CardVerbs.Activate.ToUpperInvariant(),
        2 => 12,
        3 => JValue.CreateNull(),
        _ => Pick(Injections),
    };

    private JToken OddValue() => random.Next(8) switch
    {
        0 => JValue.CreateNull(),
        1 => 0,
        2 => -1.5e300,
        3 => true,
        4 => new JArray("x", 1, JValue.CreateNull()),
        5 => new JObject { ["id"] = new JArray() },
        6 => Pick(Injections),
        _ => "",
    };

    /// <summary>Keeps the field an object but empties or mistypes what is inside it.</summary>
    private void Nest(JObject activity, string field)
    {
        activity[field] = random.Next(3) switch
        {
            0 => new JObject(),
            1 => new JObject { ["id"] = OddValue(), ["name"] = OddValue() },
            _ => new JObject { ["id"] = new string('9', 10_000), ["aadObjectId"] = Pick(Injections) },
        };
    }

    private string HugeText()
    {
        var length = random.Next(2) == 0 ? random.Next(1_000, 20_000) : random.Next(100_000, 120_000);
        var text = new StringBuilder(length);
        while (text.Length < length)
        {
            text.Append(random.Next(4) switch { 0 => "会议", 1 => "🎉", 2 => "activate ", _ => "x" });
        }

        return text.ToString();
    }

    private string ControlCharacters()
    {
        var text = new StringBuilder();
        for (var i = random.Next(1, 8); i > 0; i--)
        {
            text.Append((char)random.Next(0, 32)).Append('\u007f').Append('\u2028');
        }

        return text.ToString();
    }

    private string NotJson() => random.Next(5) switch
    {
        0 => "{\"type\":\"message\",\"text\":\"activate",
        1 => "not json at all",
        2 => "[" + new string('[', 200) + "]",
        3 => string.Concat(Enumerable.Repeat("{\"a\":", 100)),
        _ => Convert.ToBase64String(BitConverter.GetBytes(random.NextDouble())),
    };

    private string RandomId()
    {
        var bytes = new byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes).ToString("N");
    }

    private T Pick<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];

    private string Pick(string[] items) => items[random.Next(items.Length)];
}
