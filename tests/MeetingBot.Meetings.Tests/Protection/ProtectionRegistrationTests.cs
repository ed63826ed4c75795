using MeetingBot.Meetings.Activation;
using MeetingBot.Meetings.Audit;
using MeetingBot.Meetings.Protection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Moq;

namespace MeetingBot.Meetings.Tests.Protection;

public class ProtectionRegistrationTests
{
    [Fact]
    public void Wraps_the_registered_service_in_the_audit_and_the_protection()
    {
        var inner = Mock.Of<IMeetingActivationService>();
        var services = new ServiceCollection().AddLogging().AddSingleton(inner);

        services.AddActivationProtection(Configuration([]));
        using var provider = services.BuildServiceProvider();

        Assert.IsType<AuditedMeetingActivationService>(provider.GetRequiredService<IMeetingActivationService>());
        Assert.Single(services, d => d.ServiceType == typeof(IMeetingActivationService));
    }

    [Fact]
    public void Binds_the_protection_section()
    {
        using var provider = Build(new() { ["Protection:MaxFailedAttempts"] = "3", ["Protection:FailureWindow"] = "00:05:00" });

        var options = provider.GetRequiredService<IOptions<ProtectionOptions>>().Value;

        Assert.Equal(3, options.MaxFailedAttempts);
        Assert.Equal(TimeSpan.FromMinutes(5), options.FailureWindow);
        Assert.Equal(10, options.AttemptsPerMinute);
    }

    [Theory]
    [InlineData("Protection:MaxFailedAttempts", "0")]
    [InlineData("Protection:AttemptsPerMinute", "0")]
    [InlineData("Protection:FailureWindow", "00:00:00")]
    [InlineData("Protection:MaxTrackedKeys", "1")]
    public void Refuses_settings_out_of_range_naming_the_key(string key, string value)
    {
        using var provider = Build(new() { [key] = value });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<ProtectionOptions>>().Value);

        Assert.Contains(key.Split(':')[1], error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_to_protect_a_service_that_is_not_registered() =>
        Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddActivationProtection(Configuration([])));

    private static ServiceProvider Build(Dictionary<string, string?> settings) =>
        new ServiceCollection().AddLogging().AddSingleton(Mock.Of<IMeetingActivationService>())
            .AddActivationProtection(Configuration(settings))
            .BuildServiceProvider();

    private static IConfiguration Configuration(Dictionary<string, string?> settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
}
