using System.Text.Json;

namespace MeetingBot.Deploy.Tests.Support;

/// <summary>
/// The configuration keys of the root appsettings.json, flattened the way ASP.NET Core configuration names them
/// (sections joined by ':', array items by index), with their values when they are strings.
/// </summary>
internal sealed class AppSettingsKeys
{
    private readonly Dictionary<string, JsonElement> _leaves = new(StringComparer.OrdinalIgnoreCase);

    private AppSettingsKeys(JsonElement root) => Flatten(root, prefix: null);

    public static AppSettingsKeys Load() =>
        new(JsonDocument.Parse(File.ReadAllText(RepositoryRoot.Combine("appsettings.json"))).RootElement.Clone());

    public IEnumerable<string> Keys => _leaves.Keys;

    /// <summary>Keys whose value is the empty string: placeholders each deployment has to supply.</summary>
    public IEnumerable<string> BlankKeys =>
        _leaves.Where(p => p.Value.ValueKind == JsonValueKind.String && p.Value.GetString() == string.Empty).Select(p => p.Key);

    /// <summary>True when the key is a leaf or a section of appsettings.json (configuration keys are case-insensitive).</summary>
    public bool Contains(string key) =>
        _leaves.ContainsKey(key) || _leaves.Keys.Any(k => k.StartsWith(key + ":", StringComparison.OrdinalIgnoreCase));

    /// <summary>An environment variable name (<c>__</c> for <c>:</c>) as a configuration key.</summary>
    public static string FromEnvironmentName(string name) => name.Replace("__", ":", StringComparison.Ordinal);

    private void Flatten(JsonElement element, string? prefix)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    Flatten(property.Value, prefix is null ? property.Name : $"{prefix}:{property.Name}");
                }

                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    Flatten(item, $"{prefix}:{index++}");
                }

                // An empty array still declares its key (e.g. an allow-list that is empty by default).
                if (index == 0 && prefix is not null)
                {
                    _leaves[prefix] = element;
                }

                break;
            default:
                if (prefix is not null)
                {
                    _leaves[prefix] = element;
                }

                break;
        }
    }
}
