using MeetingBot.Cards;
using Newtonsoft.Json.Linq;

namespace MeetingBot.Tests.Infrastructure;

/// <summary>
/// A structural check of Adaptive Card JSON as it goes over the wire: known element types with their required
/// fields, unique input ids, labelled required inputs, masked and empty password inputs, and no secret anywhere.
/// </summary>
public static class CardAssert
{
    private static readonly Dictionary<string, string[]> RequiredFields = new()
    {
        ["AdaptiveCard"] = ["version", "body"],
        ["TextBlock"] = ["text"],
        ["FactSet"] = ["facts"],
        ["Input.Text"] = ["id"],
        ["ActionSet"] = ["actions"],
        ["Container"] = ["items"],
        ["Action.Submit"] = ["title"],
        ["Action.Execute"] = ["title", "verb"],
    };

    public static void Valid(JObject card, params string[] secrets)
    {
        Assert.Equal("AdaptiveCard", card.Value<string>("type"));
        Assert.Equal(AdaptiveElements.SchemaVersion, card.Value<string>("version"));
        Assert.NotEmpty(card["body"]!);

        var inputIds = new List<string>();
        foreach (var element in card.DescendantsAndSelf().OfType<JObject>().Where(o => o["type"] is JValue))
        {
            var type = element.Value<string>("type")!;
            Assert.True(RequiredFields.TryGetValue(type, out var required), $"Unknown element type '{type}' in {element.Path}");
            foreach (var field in required)
            {
                Assert.True(element[field] is { } value && value.Type != JTokenType.Null && value.ToString().Length > 0,
                    $"{type} at '{element.Path}' lacks '{field}'");
            }

            // Renderers take "<word" for HTML and drop it: "activate <ID>" would show as "activate ".
            var shownTexts = type switch
            {
                "TextBlock" => [element.Value<string>("text")!],
                "FactSet" => element["facts"]!.SelectMany(fact => new[] { fact.Value<string>("title"), fact.Value<string>("value") }),
                _ => [],
            };
            Assert.All(shownTexts, shown => Assert.DoesNotMatch(@"<\p{L}", shown ?? string.Empty));

            if (type == "Input.Text")
            {
                inputIds.Add(element.Value<string>("id")!);
                if (element.Value<bool?>("isRequired") == true)
                {
                    Assert.False(string.IsNullOrWhiteSpace(element.Value<string>("label")), $"Required input {element["id"]} has no label");
                    Assert.False(string.IsNullOrWhiteSpace(element.Value<string>("errorMessage")), $"Required input {element["id"]} has no errorMessage");
                }

                if (element.Value<string>("id") == CardInputs.Password)
                {
                    Assert.Equal("password", element.Value<string>("style"));
                    Assert.Null(element["value"]);
                }
            }

            if (type == "Action.Execute")
            {
                Assert.True(element["fallback"] is JObject { } fallback && fallback.Value<string>("type") == "Action.Submit",
                    $"Action.Execute at '{element.Path}' has no Action.Submit fallback");
            }

            if (type is "Action.Submit" or "Action.Execute")
            {
                Assert.IsType<JObject>(element["data"]);
                Assert.Contains(element["data"]!.Value<string>(CardData.Verb), CardVerbs.All);
            }
        }

        Assert.Equal(inputIds.Count, inputIds.Distinct(StringComparer.Ordinal).Count());

        var json = card.ToString(Newtonsoft.Json.Formatting.None);
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(secret, json, StringComparison.Ordinal);
        }
    }
}
