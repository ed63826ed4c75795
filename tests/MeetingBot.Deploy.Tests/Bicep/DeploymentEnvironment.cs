namespace MeetingBot.Deploy.Tests.Bicep;

/// <summary>The environment variables deploy/README.md tells operators to export before a deployment, with made-up values.</summary>
internal static class DeploymentEnvironment
{
    /// <summary>The default deployment: the bot runs as the app's user-assigned managed identity, so nothing about an app registration.</summary>
    public static Dictionary<string, string> Default() => new()
    {
        ["MEETINGBOT_IMAGE"] = "example.azurecr.io/meetingbot:1.0.0",
        ["ACR_NAME"] = "example",
        ["HUAWEI_MEETING_APP_ID"] = "huawei-app-id",
        ["HUAWEI_MEETING_APP_KEY"] = "huawei-key-from-env",
        ["DATA_PROTECTION_CERTIFICATE"] = "cGZ4LWZyb20tZW52",
    };

    /// <summary>A bot on a single-tenant app registration with its client secret.</summary>
    public static Dictionary<string, string> SingleTenant()
    {
        var environment = Default();
        environment["MICROSOFT_APP_TYPE"] = "SingleTenant";
        environment["MICROSOFT_APP_ID"] = "00000000-0000-0000-0000-000000000001";
        environment["MICROSOFT_APP_TENANT_ID"] = "00000000-0000-0000-0000-000000000002";
        environment["MICROSOFT_APP_PASSWORD"] = "app-password-from-env";
        return environment;
    }
}
