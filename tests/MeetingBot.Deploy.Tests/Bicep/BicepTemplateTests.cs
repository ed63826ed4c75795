using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using MeetingBot.Deploy.Tests.Container;
using MeetingBot.Deploy.Tests.Support;

namespace MeetingBot.Deploy.Tests.Bicep;

public partial class BicepTemplateTests(CompiledMainTemplate main) : IClassFixture<CompiledMainTemplate>
{
    // Configuration keys holding secrets: they may reach the app only as Key Vault references.
    [GeneratedRegex("(Password|Secret|Key|Token)$", RegexOptions.IgnoreCase)]
    private static partial Regex SecretKeyName();

    private ArmTemplate ContainerAppModule => main.Template.Module("containerapp");

    private IEnumerable<string> PlainSettingNames => ContainerAppModule.Variables["appSettings"]!.AsObject().Select(p => p.Key);

    private IEnumerable<string> ListSettingNames => ContainerAppModule.Variables["listSettings"]!.AsObject().Select(p => p.Key);

    private IEnumerable<string> SecretSettingNames => ContainerAppModule.Variables["secretAppSettings"]!.AsObject().Select(p => p.Key);

    private JsonObject ContainerApp => ContainerAppModule.ResourcesOfType("Microsoft.App/containerApps").Single();

    [Fact]
    public void Main_template_compiles_without_errors_or_linter_warnings()
    {
        Assert.Equal(0, main.Compilation.ExitCode);
        Assert.True(string.IsNullOrWhiteSpace(main.Compilation.StandardError), main.Compilation.StandardError);
    }

    [Fact]
    public async Task Linter_findings_fail_the_check_so_a_clean_compile_means_something()
    {
        var bad = Path.Combine(Directory.CreateTempSubdirectory("meetingbot-bicep-").FullName, "bad.bicep");
        await File.WriteAllTextAsync(bad, "@secure()\nparam appKey string = 'hard-coded'\noutput leaked string = appKey\n");

        var (_, result) = await BicepCli.BuildAsync(bad);

        Assert.Contains("secure-parameter-default", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("outputs-should-not-contain-secrets", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void Secure_parameters_have_no_default_other_than_empty()
    {
        var secureParameters = main.Template.SelfAndModules()
            .SelectMany(t => t.Parameters.Select(p => (Template: t.Name, Name: p.Key, Definition: p.Value!.AsObject())))
            .Where(p => (string?)p.Definition["type"] is { } type
                && (type.Equals("securestring", StringComparison.OrdinalIgnoreCase) || type.Equals("secureObject", StringComparison.OrdinalIgnoreCase)))
            .ToList();

        Assert.Contains(secureParameters, p => p.Name == "microsoftAppPassword");
        Assert.Contains(secureParameters, p => p.Name == "huaweiMeetingAppKey");
        Assert.Contains(secureParameters, p => p.Name == "slackSigningSecret");
        Assert.Contains(secureParameters, p => p.Name == "huaweiEnterpriseAppKeys");
        Assert.All(secureParameters, p =>
            Assert.True(p.Definition["defaultValue"] switch
            {
                null => true,
                JsonObject empty => empty.Count == 0,
                var value => value.GetValueKind() == System.Text.Json.JsonValueKind.String && (string?)value == string.Empty,
            },
                $"{p.Template}: secure parameter {p.Name} has a default value"));
    }

    [Fact]
    public void Every_setting_the_template_passes_to_the_app_is_a_key_of_appsettings_json()
    {
        var keys = AppSettingsKeys.Load();
        var names = PlainSettingNames.Concat(ListSettingNames).Concat(SecretSettingNames).ToList();

        Assert.NotEmpty(names);
        Assert.All(names, name => Assert.True(keys.Contains(AppSettingsKeys.FromEnvironmentName(name)),
            $"the Bicep sets {name}, which is no key of appsettings.json ({string.Join(", ", keys.Keys)})"));
    }

    [Fact]
    public void Every_key_appsettings_json_leaves_blank_is_supplied_by_the_template()
    {
        var supplied = PlainSettingNames.Concat(ListSettingNames).Concat(SecretSettingNames).Select(AppSettingsKeys.FromEnvironmentName)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);

        Assert.All(AppSettingsKeys.Load().BlankKeys, key =>
            Assert.True(supplied.Contains(key), $"appsettings.json leaves {key} blank but deploy/modules/containerapp.bicep does not set it"));
    }

    [Fact]
    public void Secrets_reach_the_app_only_as_Key_Vault_references()
    {
        Assert.DoesNotContain(PlainSettingNames.Concat(ListSettingNames), name => SecretKeyName().IsMatch(name));
        Assert.Contains("MicrosoftAppPassword", SecretSettingNames);
        Assert.Contains("HuaweiMeeting__AppKey", SecretSettingNames);
        Assert.Contains("Slack__SigningSecret", SecretSettingNames);
        // The Redis connection string holds no password any more (the app signs in with its managed identity): a plain setting.
        Assert.DoesNotContain("Redis__ConnectionString", SecretSettingNames);
        Assert.Contains("Redis__ConnectionString", PlainSettingNames);
        Assert.Contains("Redis__DataProtectionCertificate", SecretSettingNames);

        // Container app secrets are declared by a copy loop: each one a Key Vault URL read with the managed identity.
        var secrets = ContainerApp["properties"]!["configuration"]!["copy"]!.AsArray()
            .Select(c => c!.AsObject()).Single(c => (string?)c["name"] == "secrets");
        var secret = secrets["input"]!.AsObject();
        Assert.Contains("secretAppSettings", ContainerAppModule.Variables["activeSecretSettings"]!.ToString(), StringComparison.Ordinal);
        Assert.Contains("activeSecretSettings", (string)secrets["count"]!, StringComparison.Ordinal);
        Assert.NotNull(secret["keyVaultUrl"]);
        Assert.NotNull(secret["identity"]);
        Assert.Null(secret["value"]);

        // Environment: plain settings as values, secret settings as secretRef.
        var env = (string)ContainerApp["properties"]!["template"]!["containers"]![0]!["env"]!;
        Assert.Matches(@"map\(items\(variables\('appSettings'\)\), lambda\('s', createObject\('name', lambdaVariables\('s'\)\.key, 'value',", env);
        Assert.Matches(@"map\(items\(variables\('listSettings'\)\), lambda\('s', map\(range\(0, length\(lambdaVariables\('s'\)\.value\)\), lambda\('i', createObject\('name', format\('\{0\}__\{1\}', lambdaVariables\('s'\)\.key, lambdaVariables\('i'\)\), 'value',", env);
        Assert.Matches(@"map\(variables\('activeSecretSettings'\), lambda\('s', createObject\('name', lambdaVariables\('s'\)\.key, 'secretRef',", env);

        // The fixed secrets; the per-organisation App Keys (a copy loop) are checked by their own test.
        var vault = main.Template.Module("keyvault");
        var secretNames = vault.ResourcesOfType("Microsoft.KeyVault/vaults/secrets")
            .Where(r => r["copy"] is null)
            .Select(r => Regex.Match((string)r["name"]!, @"'([a-z-]+)'\)\]$").Groups[1].Value);
        Assert.Equal(
            ContainerAppModule.Variables["secretAppSettings"]!.AsObject().Select(p => (string)p.Value!).Order(),
            secretNames.Order());
    }

    [Fact]
    public void Each_organisations_own_App_Key_reaches_the_app_only_as_a_Key_Vault_reference()
    {
        // Key Vault: one secret per HuaweiMeeting:Enterprises item with its own appId, valued from the secure object by tenant.
        var loop = Assert.Single(main.Template.Module("keyvault").ResourcesOfType("Microsoft.KeyVault/vaults/secrets"), r => r["copy"] is not null);
        Assert.Equal("[length(parameters('huaweiEnterprises'))]", (string)loop["copy"]!["count"]!);
        Assert.Contains("'appId'", (string)loop["condition"]!, StringComparison.Ordinal);
        Assert.EndsWith("format('huawei-enterprise-{0}-app-key', copyIndex()))]", (string)loop["name"]!, StringComparison.Ordinal);
        Assert.Equal("[parameters('huaweiEnterpriseAppKeys')[parameters('huaweiEnterprises')[copyIndex()].tenant]]", (string)loop["properties"]!["value"]!);
        Assert.Equal("secureObject", (string)main.Template.Parameters["huaweiEnterpriseAppKeys"]!["type"]!);

        // The container app: the same secret names as Key Vault references (secretRef), keyed HuaweiMeeting__Enterprises__<i>__AppKey.
        var secretSettings = (string)ContainerAppModule.Variables["enterpriseSecretSettings"]!;
        Assert.Contains("format('HuaweiMeeting__Enterprises__{0}__AppKey', lambdaVariables('i'))", secretSettings, StringComparison.Ordinal);
        Assert.Contains("format('huawei-enterprise-{0}-app-key', lambdaVariables('i'))", secretSettings, StringComparison.Ordinal);
        Assert.Contains("variables('enterpriseSecretSettings')", (string)ContainerAppModule.Variables["activeSecretSettings"]!, StringComparison.Ordinal);

        // Plain values: tenant, corpId and appId only, never a key; the App Keys object never reaches the container app module.
        var plain = (string)ContainerAppModule.Variables["enterpriseSettings"]!;
        Assert.Contains("HuaweiMeeting__Enterprises__{0}__CorpId", plain, StringComparison.Ordinal);
        Assert.DoesNotContain("AppKey", plain, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("variables('enterpriseSettings')", (string)ContainerApp["properties"]!["template"]!["containers"]![0]!["env"]!, StringComparison.Ordinal);
        Assert.DoesNotContain(ContainerAppModule.Parameters, p => p.Key.Contains("AppKey", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Parameters_file_reads_the_service_provider_mapping_and_the_organisations_keys_from_the_environment()
    {
        var environment = DeploymentEnvironment.Default();
        environment["HUAWEI_MEETING_MODE"] = "ServiceProvider";
        environment["HUAWEI_MEETING_ENTERPRISES"] = """[{"tenant":"tenant-a","corpId":"corp-a"},{"tenant":"tenant-b","appId":"own-app"}]""";
        environment["HUAWEI_MEETING_ENTERPRISE_APP_KEYS"] = """{"tenant-b":"own-key-from-env"}""";
        environment["SLACK_ALLOWED_TEAMS"] = "T0AAA,T0BBB";

        var (parameters, result) = await BicepCli.BuildParamsAsync(RepositoryRoot.Combine("deploy", "main.bicepparam"), environment);

        Assert.True(parameters is not null, result.Describe());
        Assert.Equal("ServiceProvider", (string)parameters["huaweiMeetingMode"]!["value"]!);
        Assert.Equal("corp-a", (string)parameters["huaweiEnterprises"]!["value"]![0]!["corpId"]!);
        Assert.Equal("own-app", (string)parameters["huaweiEnterprises"]!["value"]![1]!["appId"]!);
        Assert.Equal("own-key-from-env", (string)parameters["huaweiEnterpriseAppKeys"]!["value"]!["tenant-b"]!);
        Assert.Equal(["T0AAA", "T0BBB"], parameters["slackAllowedTeams"]!["value"]!.AsArray().Select(t => (string)t!));
    }

    [Fact]
    public void The_container_is_probed_on_the_health_endpoints_at_the_port_the_image_exposes()
    {
        var exposed = DockerfileRecipe.Load().ExposedPort;
        var port = ContainerAppModule.Variables["port"]!.GetValue<int>();
        Assert.Equal(exposed, port);
        Assert.Equal("[variables('port')]", (string)ContainerApp["properties"]!["configuration"]!["ingress"]!["targetPort"]!);

        var probes = ContainerApp["properties"]!["template"]!["containers"]![0]!["probes"]!.AsArray()
            .ToDictionary(p => (string)p!["type"]!, p => (string)p!["httpGet"]!["path"]!);
        Assert.Equal("/health/live", probes["Liveness"]);
        Assert.Equal("/health/ready", probes["Readiness"]);
        Assert.Equal("/health/live", probes["Startup"]);
    }

    [Fact]
    public void The_app_exports_its_telemetry_to_a_workspace_based_Application_Insights()
    {
        var monitoring = main.Template.Module("monitoring");
        var insights = monitoring.ResourcesOfType("Microsoft.Insights/components").Single();
        Assert.Equal("web", (string?)insights["properties"]!["Application_Type"]);
        Assert.Contains("Microsoft.OperationalInsights/workspaces", (string)insights["properties"]!["WorkspaceResourceId"]!, StringComparison.Ordinal);
        Assert.Contains("ConnectionString", (string)monitoring.Outputs["appInsightsConnectionString"]!["value"]!, StringComparison.Ordinal);

        // The app turns its Azure Monitor exporter on when this setting is present; main passes the monitoring module's output.
        Assert.Equal("[parameters('appInsightsConnectionString')]", (string?)ContainerAppModule.Variables["appSettings"]!["APPLICATIONINSIGHTS_CONNECTION_STRING"]);
        var passed = main.Template.Resources.Single(r => (string?)r["name"] == "containerapp")["properties"]!["parameters"]!["appInsightsConnectionString"]!["value"]!.GetValue<string>();
        Assert.Contains("'monitoring'", passed, StringComparison.Ordinal);
        Assert.Contains("appInsightsConnectionString", passed, StringComparison.Ordinal);
    }

    [Fact]
    public void The_bot_has_the_Teams_channel_always_and_the_Slack_channel_only_when_enabled()
    {
        var bot = main.Template.Module("bot");
        var channels = bot.ResourcesOfType("Microsoft.BotService/botServices/channels")
            .ToDictionary(c => (string)c["properties"]!["channelName"]!);

        Assert.Null(channels["MsTeamsChannel"]["condition"]);
        Assert.Equal("[parameters('enableSlack')]", (string?)channels["SlackChannel"]["condition"]);
        Assert.False(main.Template.Parameters["enableSlack"]!["defaultValue"]!.GetValue<bool>());

        var endpoint = (string)bot.ResourcesOfType("Microsoft.BotService/botServices").Single()["properties"]!["endpoint"]!;
        Assert.Equal("[parameters('messagingEndpoint')]", endpoint);
    }

    [Fact]
    public void Outputs_give_what_the_app_package_and_the_Slack_manifest_need()
    {
        var outputs = main.Template.Outputs;
        Assert.EndsWith("/api/messages', reference(resourceId('Microsoft.Resources/deployments', 'containerapp'), '2025-04-01').outputs.fqdn.value)]",
            (string)outputs["messagingEndpoint"]!["value"]!, StringComparison.Ordinal);
        Assert.Contains("/api/slack/commands", (string)outputs["slackCommandsUrl"]!["value"]!, StringComparison.Ordinal);
        foreach (var name in new[] { "botDomain", "botName", "botId", "containerAppName", "keyVaultName", "redisName" })
        {
            Assert.NotNull(outputs[name]);
        }
    }

    [Fact]
    public async Task Parameters_file_reads_every_value_from_the_environment()
    {
        // With a single-tenant app registration, the one case with an app password.
        var environment = DeploymentEnvironment.SingleTenant();

        var (parameters, result) = await BicepCli.BuildParamsAsync(RepositoryRoot.Combine("deploy", "main.bicepparam"), environment);

        Assert.True(parameters is not null, result.Describe());
        Assert.True(string.IsNullOrWhiteSpace(result.StandardError), result.StandardError);
        Assert.Equal("app-password-from-env", (string)parameters["microsoftAppPassword"]!["value"]!);
        Assert.Equal("huawei-key-from-env", (string)parameters["huaweiMeetingAppKey"]!["value"]!);
        Assert.False(parameters["enableSlack"]!["value"]!.GetValue<bool>());
        Assert.Empty(parameters["allowedTenants"]!["value"]!.AsArray());
        Assert.Equal("SingleEnterprise", (string)parameters["huaweiMeetingMode"]!["value"]!);
        Assert.Empty(parameters["huaweiEnterprises"]!["value"]!.AsArray());
        Assert.Empty(parameters["huaweiEnterpriseAppKeys"]!["value"]!.AsObject());
    }

    [Fact]
    public async Task Parameters_file_splits_the_allowed_tenants_list()
    {
        var environment = DeploymentEnvironment.Default();
        environment["BOT_ALLOWED_TENANTS"] = "tenant-a,tenant-b";

        var (parameters, result) = await BicepCli.BuildParamsAsync(RepositoryRoot.Combine("deploy", "main.bicepparam"), environment);

        Assert.True(parameters is not null, result.Describe());
        Assert.Equal(["tenant-a", "tenant-b"], parameters["allowedTenants"]!["value"]!.AsArray().Select(t => (string)t!));
    }

    [Fact]
    public async Task Parameters_file_refuses_to_build_without_the_secrets()
    {
        var (parameters, result) = await BicepCli.BuildParamsAsync(RepositoryRoot.Combine("deploy", "main.bicepparam"),
            new Dictionary<string, string>());

        Assert.Null(parameters);
        // The bot runs as the managed identity unless told otherwise: no app password is needed, so none is asked for.
        Assert.DoesNotContain("MICROSOFT_APP_PASSWORD", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("HUAWEI_MEETING_APP_KEY", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("DATA_PROTECTION_CERTIFICATE", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Parameters_file_reads_the_Data_Protection_certificate_and_runs_two_replicas_on_Balanced_B1_Azure_Managed_Redis_by_default()
    {
        var (parameters, result) = await BicepCli.BuildParamsAsync(RepositoryRoot.Combine("deploy", "main.bicepparam"), DeploymentEnvironment.Default());

        Assert.True(parameters is not null, result.Describe());
        Assert.Equal("cGZ4LWZyb20tZW52", (string)parameters["dataProtectionCertificate"]!["value"]!);
        Assert.Equal(2, parameters["minReplicas"]!["value"]!.GetValue<int>());
        Assert.Equal("Balanced_B1", (string)parameters["redisSku"]!["value"]!);
        Assert.Null(parameters["redisConnectionString"]);
    }

    [Fact]
    public void Azure_Managed_Redis_accepts_TLS_1_2_or_later_only_and_never_evicts_the_Data_Protection_keys()
    {
        var redis = main.Template.Module("redis");
        var cluster = redis.ResourcesOfType("Microsoft.Cache/redisEnterprise").Single()["properties"]!;
        var database = redis.ResourcesOfType("Microsoft.Cache/redisEnterprise/databases").Single()["properties"]!;

        // One protocol per database in Azure Managed Redis: TLS, never plain text.
        Assert.Equal("Encrypted", (string)database["clientProtocol"]!);
        Assert.Equal("1.2", (string)cluster["minimumTlsVersion"]!);
        // Only keys with a TTL are evicted; the Data Protection key ring has none.
        Assert.Equal("VolatileLRU", (string)database["evictionPolicy"]!);
    }

    [Fact]
    public void No_Redis_key_is_read_or_stored_and_the_Data_Protection_certificate_reaches_the_app_only_through_Key_Vault()
    {
        // Access keys are off on the database (AzureManagedRedisTests); nothing reads one, and Key Vault holds none.
        Assert.All(main.Template.SelfAndModules(), template =>
            Assert.DoesNotContain("listKeys(resourceId('Microsoft.Cache", template.Root.ToJsonString(), StringComparison.Ordinal));
        var vault = main.Template.Module("keyvault");
        Assert.DoesNotContain(vault.ResourcesOfType("Microsoft.KeyVault/vaults/secrets"),
            r => ((string)r["name"]!).Contains("redis", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(vault.Parameters, p => p.Key.Contains("redis", StringComparison.OrdinalIgnoreCase));

        // The certificate: a secretRef whether or not Slack is on, and whatever the bot's identity.
        var secretSettings = ContainerAppModule.Variables["secretAppSettings"]!;
        Assert.Null(secretSettings["Redis__ConnectionString"]);
        Assert.Equal("data-protection-certificate", (string)secretSettings["Redis__DataProtectionCertificate"]!);
        Assert.DoesNotContain("Redis", (string)ContainerAppModule.Variables["activeSecretSettings"]!, StringComparison.Ordinal);
        Assert.DoesNotContain("Redis", (string)ContainerAppModule.Variables["omittedSecretSettings"]!, StringComparison.Ordinal);
        Assert.Equal("securestring", (string)main.Template.Parameters["dataProtectionCertificate"]!["type"]!, ignoreCase: true);
        Assert.Null(main.Template.Parameters["dataProtectionCertificate"]!["defaultValue"]);
    }

    [Fact]
    public void At_least_two_replicas_run_and_an_HTTP_rule_adds_more()
    {
        var scale = ContainerApp["properties"]!["template"]!["scale"]!;
        Assert.Equal("[parameters('minReplicas')]", (string)scale["minReplicas"]!);
        Assert.Equal("[parameters('maxReplicas')]", (string)scale["maxReplicas"]!);
        Assert.Equal(2, ContainerAppModule.Parameters["minReplicas"]!["minValue"]!.GetValue<int>());
        Assert.Equal(2, main.Template.Parameters["minReplicas"]!["minValue"]!.GetValue<int>());
        Assert.Equal(2, main.Template.Parameters["minReplicas"]!["defaultValue"]!.GetValue<int>());

        var rule = Assert.Single(scale["rules"]!.AsArray())!;
        Assert.Equal("[string(parameters('concurrentRequestsPerReplica'))]", (string)rule["http"]!["metadata"]!["concurrentRequests"]!);
    }
}
