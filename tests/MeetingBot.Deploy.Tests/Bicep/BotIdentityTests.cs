using MeetingBot.Deploy.Tests.Support;

namespace MeetingBot.Deploy.Tests.Bicep;

/// <summary>
/// The bot's identity: by default the app's user-assigned managed identity (UserAssignedMSI, no secret anywhere), on the
/// Azure Bot and in the app alike; a single-tenant app registration with its password when asked for; never MultiTenant,
/// which Azure no longer creates (since 2025-07-31).
/// </summary>
public class BotIdentityTests(CompiledMainTemplate main) : IClassFixture<CompiledMainTemplate>
{
    private const string Identity = "reference(resourceId('Microsoft.ManagedIdentity/userAssignedIdentities', variables('names').identity), '2023-01-31')";

    private const string IdentityResourceId = "[resourceId('Microsoft.ManagedIdentity/userAssignedIdentities', variables('names').identity)]";

    /// <summary>The app id both the Azure Bot and the app get: the identity's client id, or the registration's with SingleTenant.</summary>
    private const string AppIdPassed =
        $"[if(variables('botUsesManagedIdentity'), createObject('value', {Identity}.clientId), createObject('value', parameters('microsoftAppId')))]";

    /// <summary>The tenant both get: the identity's, or the registration's (this deployment's when not given).</summary>
    private const string TenantIdPassed =
        $"[if(variables('botUsesManagedIdentity'), createObject('value', {Identity}.tenantId), if(empty(parameters('microsoftAppTenantId')), createObject('value', tenant().tenantId), createObject('value', parameters('microsoftAppTenantId'))))]";

    private ArmTemplate ContainerAppModule => main.Template.Module("containerapp");

    [Fact]
    public void The_bot_is_the_apps_user_assigned_identity_by_default_and_never_multi_tenant()
    {
        var appType = main.Template.Parameters["microsoftAppType"]!;
        Assert.Equal("UserAssignedMSI", (string?)appType["defaultValue"]);
        Assert.Equal(["SingleTenant", "UserAssignedMSI"], appType["allowedValues"]!.AsArray().Select(v => (string)v!).Order(StringComparer.Ordinal));
        Assert.Equal("[equals(parameters('microsoftAppType'), 'UserAssignedMSI')]", (string?)main.Template.Variables["botUsesManagedIdentity"]);

        // The modules refuse MultiTenant too, so no other template can bring it back.
        foreach (var module in new[] { "bot", "containerapp" })
        {
            var allowed = main.Template.Module(module).Parameters["microsoftAppType"]!["allowedValues"]!.AsArray().Select(v => (string)v!);
            Assert.Equal(["SingleTenant", "UserAssignedMSI"], allowed.Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public void The_Azure_Bot_names_the_identity_its_client_id_and_its_tenant()
    {
        var bot = main.Template.Module("bot").ResourcesOfType("Microsoft.BotService/botServices").Single();
        var properties = bot["properties"]!;

        Assert.Equal("2022-09-15", (string?)bot["apiVersion"]);
        Assert.Equal("[parameters('microsoftAppType')]", (string?)properties["msaAppType"]);
        Assert.Equal("[parameters('microsoftAppId')]", (string?)properties["msaAppId"]);
        Assert.Equal("[parameters('microsoftAppTenantId')]", (string?)properties["msaAppTenantId"]);
        Assert.Equal("[if(equals(parameters('microsoftAppType'), 'UserAssignedMSI'), parameters('identityId'), null())]",
            (string?)properties["msaAppMSIResourceId"]);

        Assert.Equal("[parameters('microsoftAppType')]", main.Template.PassedTo("bot", "microsoftAppType"));
        Assert.Equal(AppIdPassed, main.Template.PassedTo("bot", "microsoftAppId"));
        Assert.Equal(TenantIdPassed, main.Template.PassedTo("bot", "microsoftAppTenantId"));
        Assert.Equal(IdentityResourceId, main.Template.PassedTo("bot", "identityId"));
    }

    [Fact]
    public void The_app_runs_as_the_same_identity_as_the_Azure_Bot()
    {
        var settings = ContainerAppModule.Variables["appSettings"]!;
        Assert.Equal("[parameters('microsoftAppType')]", (string?)settings["MicrosoftAppType"]);
        Assert.Equal("[parameters('microsoftAppId')]", (string?)settings["MicrosoftAppId"]);
        Assert.Equal("[parameters('microsoftAppTenantId')]", (string?)settings["MicrosoftAppTenantId"]);

        Assert.Equal("[parameters('microsoftAppType')]", main.Template.PassedTo("containerapp", "microsoftAppType"));
        Assert.Equal(AppIdPassed, main.Template.PassedTo("containerapp", "microsoftAppId"));
        Assert.Equal(TenantIdPassed, main.Template.PassedTo("containerapp", "microsoftAppTenantId"));
        // ... and the identity the container app carries is the one the Azure Bot names.
        Assert.Equal(main.Template.PassedTo("bot", "identityId"), main.Template.PassedTo("containerapp", "identityId"));
    }

    [Fact]
    public void Only_a_single_tenant_bot_has_a_password_in_Key_Vault_and_in_the_app()
    {
        // Key Vault gets the password only for SingleTenant, and writes the secret only when there is one.
        Assert.Equal("[if(variables('botUsesManagedIdentity'), createObject('value', ''), createObject('value', parameters('microsoftAppPassword')))]",
            main.Template.PassedTo("keyvault", "microsoftAppPassword"));
        var secret = main.Template.Module("keyvault").ResourcesOfType("Microsoft.KeyVault/vaults/secrets")
            .Single(r => ((string)r["name"]!).EndsWith("'microsoft-app-password')]", StringComparison.Ordinal));
        Assert.Equal("[not(empty(parameters('microsoftAppPassword')))]", (string?)secret["condition"]);

        // The app references it only for SingleTenant: a managed identity with a password is refused at startup.
        Assert.Equal("microsoft-app-password", (string?)ContainerAppModule.Variables["secretAppSettings"]!["MicrosoftAppPassword"]);
        Assert.Equal(
            "[concat(if(parameters('enableSlack'), createArray(), createArray('Slack__SigningSecret')), if(equals(parameters('microsoftAppType'), 'SingleTenant'), createArray(), createArray('MicrosoftAppPassword')))]",
            (string?)ContainerAppModule.Variables["omittedSecretSettings"]);
        Assert.Contains("not(contains(variables('omittedSecretSettings'), lambdaVariables('s').key))",
            (string)ContainerAppModule.Variables["activeSecretSettings"]!, StringComparison.Ordinal);

        // SingleTenant-only parameters: optional, so the default deployment asks for none of them.
        foreach (var name in new[] { "microsoftAppId", "microsoftAppTenantId", "microsoftAppPassword" })
        {
            Assert.Equal(string.Empty, (string?)main.Template.Parameters[name]!["defaultValue"]);
        }
    }

    [Fact]
    public void The_botId_output_is_the_app_id_the_bot_runs_as()
    {
        Assert.Equal($"[if(variables('botUsesManagedIdentity'), {Identity}.clientId, parameters('microsoftAppId'))]",
            (string?)main.Template.Outputs["botId"]!["value"]);
    }

    [Fact]
    public async Task Parameters_file_runs_the_bot_as_the_managed_identity_without_an_app_registration()
    {
        var (parameters, result) = await BicepCli.BuildParamsAsync(RepositoryRoot.Combine("deploy", "main.bicepparam"), DeploymentEnvironment.Default());

        Assert.True(parameters is not null, result.Describe());
        Assert.True(string.IsNullOrWhiteSpace(result.StandardError), result.StandardError);
        Assert.Equal("UserAssignedMSI", (string)parameters["microsoftAppType"]!["value"]!);
        Assert.Equal(string.Empty, (string)parameters["microsoftAppId"]!["value"]!);
        Assert.Equal(string.Empty, (string)parameters["microsoftAppTenantId"]!["value"]!);
        Assert.Equal(string.Empty, (string)parameters["microsoftAppPassword"]!["value"]!);
    }

    [Fact]
    public async Task Parameters_file_takes_a_single_tenant_app_registration_from_the_environment()
    {
        var (parameters, result) = await BicepCli.BuildParamsAsync(RepositoryRoot.Combine("deploy", "main.bicepparam"), DeploymentEnvironment.SingleTenant());

        Assert.True(parameters is not null, result.Describe());
        Assert.Equal("SingleTenant", (string)parameters["microsoftAppType"]!["value"]!);
        Assert.Equal("00000000-0000-0000-0000-000000000001", (string)parameters["microsoftAppId"]!["value"]!);
        Assert.Equal("00000000-0000-0000-0000-000000000002", (string)parameters["microsoftAppTenantId"]!["value"]!);
        Assert.Equal("app-password-from-env", (string)parameters["microsoftAppPassword"]!["value"]!);
    }
}
