using MeetingBot.Localization;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace MeetingBot.CardDump;

/// <summary>
/// Writes <c>{ "en": { "form-empty": {card}, … }, "zh-CN": { … } }</c> to standard output:
/// every card of <see cref="CardGallery"/> in every culture the bot speaks.
/// </summary>
public static class CardDumpProgram
{
    public static void Main()
    {
        var dump = new JObject();
        foreach (var culture in BotText.SupportedCultures)
        {
            var cards = new JObject();
            foreach (var (name, card) in CardGallery.All(culture))
            {
                cards.Add(name, card);
            }

            dump.Add(culture.Name, cards);
        }

        Console.OutputEncoding = System.Text.Encoding.UTF8;
        Console.Out.Write(dump.ToString(Formatting.Indented));
    }
}
