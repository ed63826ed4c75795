using MeetingBot.State.Composition;
using MeetingBot.Meetings.Activation;
using MeetingBot.Meetings.Audit;
using MeetingBot.Meetings.Composition;
using MeetingBot.Meetings.Protection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Moq;

namespace MeetingBot.Meetings.Tests.Protection;

public class ProtectionRegistrationTests
{
    [Fact]
    public void The_activation_service_is_composed_once_with_the_audit_outermost()
    {
        var services = new ServiceCollection().AddLogging();

        services.AddActivationCore(Configuration(new() { ["HuaweiMeeting:AppId"] = "app", ["HuaweiMeeting:AppKey"] = "key" }));
        services.AddStateInMemory();
        services.AddSingleton<IActivationEnvironment, HuaweiCloudEnvironment>();
        using var provider = services.BuildServiceProvider();

        Assert.IsType<AuditStage>(provider.GetRequiredService<IMeetingActivationService>());
        Assert.Single(services, d => d.ServiceType == typeof(IMeetingActivationService));
    }

    [Fact]
    public void A_service_registered_afterwards_replaces_the_composed_one()
    {
        var fake = Mock.Of<IMeetingActivationService>();
        var services = new ServiceCollection().AddLogging();

        services.AddActivationCore(Configuration([]));
        services.AddSingleton(fake);
        using var provider = services.BuildServiceProvider();

        Assert.Same(fake, provider.GetRequiredService<IMeetingActivationService>());
    }

    [Fact]
    public void Binds_the_protection_section()
    {
        using var provider = Build(new() { ["Protection:MaxFailedAttempts"] = "3", ["Protection:FailureWindow"] = "00:05:00" });

        var options = provider.GetRequiredService<IOptions<ProtectionOptions>>().Value;

        Assert.Equal(3, options.MaxFailedAttempts);
        Assert.Equal(TimeSpan.FromMinutes(5), options.FailureWindow);
        Assert.Equal(10, options.AttemptsPerMinute);
        Assert.Equal(5, options.MaxQueuedAttemptsPerUser);
    }

    [Theory]
    [InlineData("Protection:MaxFailedAttempts", "0")]
    [InlineData("Protection:AttemptsPerMinute", "0")]
    [InlineData("Protection:FailureWindow", "00:00:00")]
    [InlineData("Protection:MaxTrackedKeys", "1")]
    [InlineData("Protection:MaxQueuedAttemptsPerUser", "-1")]
    public void Refuses_settings_out_of_range_naming_the_key(string key, string value)
    {
        using var provider = Build(new() { [key] = value });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<ProtectionOptions>>().Value);

        Assert.Contains(key.Split(':')[1], error.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection().AddLogging();
        services.AddActivationCore(Configuration(settings));
        return services.BuildServiceProvider();
    }

    private static IConfiguration Configuration(Dictionary<string, string?> settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
}
