using System.Reflection;
using Newtonsoft.Json.Serialization;

namespace MeetingBot.Channels.BotFramework.DialogState;

/// <summary>
/// The types a stored state document may name in its <c>$type</c>s: the bot's own state classes (from the allowed
/// assemblies), lists and dictionaries of them, and plain values. State is read back as those types, as the SDK's
/// MemoryStorage does (the bot changes the objects it got and BotState saves them), but a document written by someone
/// else cannot make the bot instantiate anything outside this list.
/// </summary>
public sealed class StateTypes : DefaultSerializationBinder
{
    private static readonly HashSet<Type> Values =
    [
        typeof(object), typeof(string), typeof(bool), typeof(int), typeof(long), typeof(double), typeof(decimal),
        typeof(DateTime), typeof(DateTimeOffset), typeof(TimeSpan), typeof(Guid),
    ];

    private static readonly HashSet<Type> Collections = [typeof(List<>), typeof(Dictionary<,>)];

    private readonly HashSet<Assembly> _assemblies;

    public StateTypes(params Assembly[] assemblies) => _assemblies = [.. assemblies];

    /// <summary>
    /// Where the bot's state types lived before they moved to <c>MeetingBot.Conversation</c>: documents stored by an
    /// earlier version still name them so (state lives for <c>State:IdleExpiry</c>, 30 days by default).
    /// </summary>
    private const string FormerNamespace = "MeetingBot.Bot.";

    /// <summary>The bot's own state types (<c>MeetingBot.Conversation.ConversationData</c> and its kind).</summary>
    public static StateTypes ForTheBot() => new(typeof(StateTypes).Assembly);

    public override Type BindToType(string? assemblyName, string typeName)
    {
        var type = base.BindToType(assemblyName, typeName.Replace(FormerNamespace, "MeetingBot.Conversation.", StringComparison.Ordinal));
        return IsAllowed(type)
            ? type
            : throw new InvalidOperationException($"Stored state names the type '{typeName}', which is not a state type of the bot.");
    }

    private bool IsAllowed(Type type)
    {
        if (Values.Contains(type) || type.IsEnum || _assemblies.Contains(type.Assembly) && !type.IsGenericType)
        {
            return true;
        }

        if (type.IsArray)
        {
            return IsAllowed(type.GetElementType()!);
        }

        return type.IsGenericType
            && (Collections.Contains(type.GetGenericTypeDefinition()) || type.GetGenericTypeDefinition() == typeof(Nullable<>))
            && type.GetGenericArguments().All(IsAllowed);
    }
}
