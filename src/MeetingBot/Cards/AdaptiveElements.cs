using Newtonsoft.Json.Linq;

namespace MeetingBot.Cards;

/// <summary>
/// Small typed factories for the Adaptive Card elements the bot uses. They produce Newtonsoft <see cref="JObject"/>s:
/// that content survives every Bot Framework serialization path, including the expectReplies response.
/// </summary>
public static class AdaptiveElements
{
    /// <summary>The highest schema Teams renders; Web Chat renders it too.</summary>
    public const string SchemaVersion = "1.5";

    public const string ContentType = "application/vnd.microsoft.card.adaptive";

    public static JObject Card(IEnumerable<JObject> body, IEnumerable<JObject>? actions = null)
    {
        var card = new JObject
        {
            ["type"] = "AdaptiveCard",
            ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
            ["version"] = SchemaVersion,
            ["body"] = new JArray(body.Cast<object>().ToArray()),
        };
        var actionArray = actions?.ToArray() ?? [];
        if (actionArray.Length > 0)
        {
            card["actions"] = new JArray(actionArray.Cast<object>().ToArray());
        }

        return card;
    }

    public static JObject Text(
        string text,
        TextSize size = TextSize.Default,
        bool bold = false,
        TextColor color = TextColor.Default,
        bool subtle = false,
        bool monospace = false,
        bool separator = false)
    {
        var block = new JObject { ["type"] = "TextBlock", ["text"] = text, ["wrap"] = true };
        if (size != TextSize.Default)
        {
            block["size"] = size.ToString();
        }

        if (bold)
        {
            block["weight"] = "Bolder";
        }

        if (color != TextColor.Default)
        {
            block["color"] = color.ToString();
        }

        if (subtle)
        {
            block["isSubtle"] = true;
        }

        if (monospace)
        {
            block["fontType"] = "Monospace";
        }

        if (separator)
        {
            block["separator"] = true;
            block["spacing"] = "Medium";
        }

        return block;
    }

    public static JObject Facts(params (string Title, string Value)[] facts) => new()
    {
        ["type"] = "FactSet",
        ["facts"] = new JArray(facts.Select(f => new JObject { ["title"] = f.Title, ["value"] = f.Value }).Cast<object>().ToArray()),
    };

    public static JObject TextInput(
        string id,
        string label,
        string placeholder,
        string errorMessage,
        string? value = null,
        bool password = false,
        string? regex = null,
        int? maxLength = null)
    {
        var input = new JObject
        {
            ["type"] = "Input.Text",
            ["id"] = id,
            ["label"] = label,
            ["placeholder"] = placeholder,
            ["isRequired"] = true,
            ["errorMessage"] = errorMessage,
        };
        if (password)
        {
            input["style"] = "password";
        }

        if (!string.IsNullOrEmpty(value))
        {
            input["value"] = value;
        }

        if (regex is not null)
        {
            input["regex"] = regex;
        }

        if (maxLength is not null)
        {
            input["maxLength"] = maxLength.Value;
        }

        return input;
    }

    /// <summary>Buttons inside the card's body (beside what they act on), rather than at its foot.</summary>
    public static JObject ActionSet(params JObject[] actions) => new()
    {
        ["type"] = "ActionSet",
        ["actions"] = new JArray(actions.Cast<object>().ToArray()),
    };

    /// <summary>Elements grouped, with a line above them.</summary>
    public static JObject Container(IEnumerable<JObject> items, bool separator = true) => new()
    {
        ["type"] = "Container",
        ["separator"] = separator,
        ["spacing"] = "Medium",
        ["items"] = new JArray(items.Cast<object>().ToArray()),
    };

    /// <summary>
    /// A button that sends <paramref name="verb"/> and <paramref name="data"/> to the bot: <c>Action.Submit</c>, or
    /// <c>Action.Execute</c> with an equivalent <c>Action.Submit</c> fallback for clients without Universal Actions.
    /// </summary>
    public static JObject Action(CardActionStyle style, string title, string verb, JObject data, bool primary = false, bool sendsInputs = true)
    {
        var submitData = new JObject(data) { [CardData.Verb] = verb };
        var submit = new JObject { ["type"] = "Action.Submit", ["title"] = title, ["data"] = submitData };
        Decorate(submit, primary, sendsInputs);
        if (style == CardActionStyle.Submit)
        {
            return submit;
        }

        var execute = new JObject
        {
            ["type"] = "Action.Execute",
            ["title"] = title,
            ["verb"] = verb,
            ["data"] = new JObject(submitData),
        };
        Decorate(execute, primary, sendsInputs);
        execute["fallback"] = submit;
        return execute;
    }

    private static void Decorate(JObject action, bool primary, bool sendsInputs)
    {
        if (primary)
        {
            action["style"] = "positive";
        }

        if (!sendsInputs)
        {
            action["associatedInputs"] = "none";
        }
    }
}

public enum TextSize
{
    Default,
    Small,
    Medium,
    Large,
}

public enum TextColor
{
    Default,
    Good,
    Warning,
    Attention,
    Accent,
}
