using System.Text.Json.Nodes;

namespace MeetingBot.Deploy.Tests.Bicep;

/// <summary>Read-only helpers over a compiled ARM template and the module templates nested in it.</summary>
internal sealed class ArmTemplate(JsonObject root, string name)
{
    public string Name { get; } = name;

    public JsonObject Root { get; } = root;

    public JsonObject Parameters => Root["parameters"]?.AsObject() ?? [];

    public JsonObject Variables => Root["variables"]?.AsObject() ?? [];

    public JsonObject Outputs => Root["outputs"]?.AsObject() ?? [];

    /// <summary>Resources, whether the template lists them (classic) or names them (languageVersion 2.0).</summary>
    public IEnumerable<JsonObject> Resources => Root["resources"] switch
    {
        JsonArray array => array.Select(r => r!.AsObject()),
        JsonObject named => named.Select(p => p.Value!.AsObject()),
        _ => [],
    };

    public IEnumerable<JsonObject> ResourcesOfType(string type) =>
        Resources.Where(r => string.Equals((string?)r["type"], type, StringComparison.OrdinalIgnoreCase));

    /// <summary>This template and every module template nested in it, depth first.</summary>
    public IEnumerable<ArmTemplate> SelfAndModules()
    {
        yield return this;
        foreach (var module in ResourcesOfType("Microsoft.Resources/deployments"))
        {
            var nested = new ArmTemplate(module["properties"]!["template"]!.AsObject(), (string)module["name"]!);
            foreach (var template in nested.SelfAndModules())
            {
                yield return template;
            }
        }
    }

    public ArmTemplate Module(string moduleName) => SelfAndModules().Single(t => t.Name == moduleName);

    /// <summary>
    /// The expression this template passes to a module's parameter: <c>{ "value": X }</c> gives X; a value chosen by a
    /// condition is compiled to one expression that builds the whole <c>{ value }</c> object, given as it is.
    /// </summary>
    public string PassedTo(string moduleName, string parameter)
    {
        var passed = ResourcesOfType("Microsoft.Resources/deployments").Single(r => (string?)r["name"] == moduleName)["properties"]!["parameters"]![parameter]
            ?? throw new InvalidOperationException($"{Name} passes no {parameter} to the module {moduleName}");
        return passed is JsonObject wrapped ? (string)wrapped["value"]! : (string)passed!;
    }
}
