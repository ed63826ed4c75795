using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace MeetingBot.Deploy.Tests.Bicep;

/// <summary>
/// The shared state on Azure Managed Redis (Microsoft.Cache/redisEnterprise), the successor Microsoft points to while it
/// retires Azure Cache for Redis: TLS only on port 10000, the OSS cluster policy, Microsoft Entra ID only, and the app's
/// user-assigned identity holding the database's default access policy.
/// </summary>
public class AzureManagedRedisTests(CompiledMainTemplate main) : IClassFixture<CompiledMainTemplate>
{
    private const string ApiVersion = "2025-07-01";

    /// <summary>How main.bicep names the user-assigned identity's runtime properties.</summary>
    private const string Identity = "reference(resourceId('Microsoft.ManagedIdentity/userAssignedIdentities', variables('names').identity), '2023-01-31')";

    private ArmTemplate RedisModule => main.Template.Module("redis");

    private ArmTemplate ContainerAppModule => main.Template.Module("containerapp");

    private JsonObject Cluster => RedisModule.ResourcesOfType("Microsoft.Cache/redisEnterprise").Single();

    private JsonObject Database => RedisModule.ResourcesOfType("Microsoft.Cache/redisEnterprise/databases").Single();

    private JsonObject AccessPolicyAssignment =>
        RedisModule.ResourcesOfType("Microsoft.Cache/redisEnterprise/databases/accessPolicyAssignments").Single();

    [Fact]
    public void Shared_state_lives_in_Azure_Managed_Redis_and_nothing_creates_the_retiring_Azure_Cache_for_Redis()
    {
        Assert.All(main.Template.SelfAndModules(), template =>
        {
            Assert.DoesNotContain(template.Resources, r => ((string)r["type"]!).Equals("Microsoft.Cache/redis", StringComparison.OrdinalIgnoreCase));
            Assert.DoesNotContain("'Microsoft.Cache/redis'", template.Root.ToJsonString(), StringComparison.OrdinalIgnoreCase);
        });

        Assert.Equal(ApiVersion, (string?)Cluster["apiVersion"]);
        Assert.Equal(ApiVersion, (string?)Database["apiVersion"]);
        Assert.Equal(ApiVersion, (string?)AccessPolicyAssignment["apiVersion"]);
        Assert.Equal("[parameters('skuName')]", (string?)Cluster["sku"]!["name"]);
        Assert.Equal("[parameters('redisSku')]", main.Template.PassedTo("redis", "skuName"));
        // Azure Managed Redis has one database, named default.
        Assert.Equal("[format('{0}/{1}', parameters('name'), 'default')]", (string?)Database["name"]);
    }

    [Fact]
    public void The_SKU_is_a_parameter_of_Azure_Managed_Redis_sizes_Balanced_B1_by_default()
    {
        var sku = main.Template.Parameters["redisSku"]!;
        var allowed = sku["allowedValues"]!.AsArray().Select(v => (string)v!).ToList();

        Assert.Equal("Balanced_B1", (string?)sku["defaultValue"]);
        Assert.Contains("Balanced_B0", allowed);
        Assert.Contains("Balanced_B1", allowed);
        // Only the Azure Managed Redis families: Enterprise_E* and EnterpriseFlash_F* are the retiring Enterprise tiers.
        Assert.All(allowed, name => Assert.Matches("^(Balanced_B|MemoryOptimized_M|ComputeOptimized_X)[0-9]+$", name));
        Assert.Null(main.Template.Parameters["redisCapacity"]);
    }

    [Fact]
    public void The_database_takes_TLS_only_on_port_10000_with_the_OSS_cluster_policy()
    {
        var database = Database["properties"]!;

        Assert.Equal("Encrypted", (string?)database["clientProtocol"]);
        Assert.Equal("[variables('port')]", (string?)database["port"]);
        Assert.Equal(10000, RedisModule.Variables["port"]!.GetValue<int>());
        Assert.Equal("[variables('port')]", (string?)RedisModule.Outputs["port"]!["value"]);
        // Fixed at creation; the reasons for OSS over Enterprise and NoCluster are in deploy/modules/redis.bicep.
        Assert.Equal("OSSCluster", (string?)database["clusteringPolicy"]);
        // Replicated across nodes: a node failure or a patch loses no state.
        Assert.Equal("Enabled", (string?)Cluster["properties"]!["highAvailability"]);
    }

    [Fact]
    public void The_database_accepts_Microsoft_Entra_ID_only()
    {
        Assert.Equal("Disabled", (string?)Database["properties"]!["accessKeysAuthentication"]);
    }

    [Fact]
    public void The_apps_identity_holds_the_default_access_policy_on_the_database()
    {
        var assignment = AccessPolicyAssignment;

        Assert.Equal("default", (string?)assignment["properties"]!["accessPolicyName"]);
        Assert.Equal("[parameters('appPrincipalId')]", (string?)assignment["properties"]!["user"]!["objectId"]);
        // Its name: the object id without hyphens (Azure allows letters and digits only), under the database `default`.
        Assert.Equal("[format('{0}/{1}/{2}', parameters('name'), 'default', replace(parameters('appPrincipalId'), '-', ''))]", (string?)assignment["name"]);
        Assert.Contains("Microsoft.Cache/redisEnterprise/databases", assignment["dependsOn"]!.ToJsonString(), StringComparison.Ordinal);

        // The principal (object) id of the identity the app runs as, which is also the Redis user name it signs in with.
        Assert.Equal($"[{Identity}.principalId]", main.Template.PassedTo("redis", "appPrincipalId"));
        Assert.Equal(main.Template.PassedTo("redis", "appPrincipalId"), main.Template.PassedTo("keyvault", "readerPrincipalId"));
    }

    [Fact]
    public void The_app_reaches_Redis_on_TLS_with_its_managed_identity_and_no_password()
    {
        var settings = ContainerAppModule.Variables["appSettings"]!;

        var connectionString = (string)settings["Redis__ConnectionString"]!;
        Assert.Equal("[format('{0}:{1},ssl=true', parameters('redisHostName'), parameters('redisPort'))]", connectionString);
        Assert.DoesNotContain("password", connectionString, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("ManagedIdentity", (string?)settings["Redis__Authentication"]);
        Assert.Equal("[parameters('identityClientId')]", (string?)settings["Redis__ManagedIdentityClientId"]);

        // Host and port come from the Azure Managed Redis cluster; the client id from the identity that holds the access policy.
        Assert.Equal("[reference(resourceId('Microsoft.Resources/deployments', 'redis'), '2025-04-01').outputs.hostName.value]",
            main.Template.PassedTo("containerapp", "redisHostName"));
        Assert.Equal("[reference(resourceId('Microsoft.Resources/deployments', 'redis'), '2025-04-01').outputs.port.value]",
            main.Template.PassedTo("containerapp", "redisPort"));
        Assert.Equal($"[reference(resourceId('Microsoft.Cache/redisEnterprise', parameters('name')), '{ApiVersion}').hostName]",
            (string?)RedisModule.Outputs["hostName"]!["value"]);
        Assert.Equal($"[{Identity}.clientId]", main.Template.PassedTo("containerapp", "identityClientId"));
    }

    [Fact]
    public void The_container_app_carries_the_identity_whose_tokens_it_asks_for()
    {
        // Attached to the app, the identity is served by IDENTITY_ENDPOINT/IDENTITY_HEADER; the app picks it by client id.
        var identity = ContainerAppModule.ResourcesOfType("Microsoft.App/containerApps").Single()["identity"]!;
        Assert.Equal("UserAssigned", (string?)identity["type"]);
        var attached = Assert.Single(identity["userAssignedIdentities"]!.AsObject());
        Assert.Equal("[format('{0}', parameters('identityId'))]", attached.Key);
        Assert.Equal("[resourceId('Microsoft.ManagedIdentity/userAssignedIdentities', variables('names').identity)]",
            main.Template.PassedTo("containerapp", "identityId"));
    }

    [Fact]
    public void Outputs_and_secrets_carry_no_Redis_credential()
    {
        // The module's outputs: a name, a host name and a port.
        Assert.Equal(["hostName", "name", "port"], RedisModule.Outputs.Select(o => o.Key).Order(StringComparer.Ordinal));
        Assert.DoesNotMatch(new Regex("(?i)(key|password|secret)"), RedisModule.Outputs.ToJsonString());
    }
}
