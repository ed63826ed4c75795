using MeetingBot.State.Composition;
using MeetingBot.Meetings.Composition;
using MeetingBot.Meetings.Huawei;
using MeetingBot.Meetings.Telemetry;
using MeetingBot.Testing;
using MeetingBot.Meetings.Tokens;
using MeetingBot.State.AccessTokens;
using MeetingBot.State.SignInLocks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace MeetingBot.Meetings.Tests.Support;

internal static class Services
{
    public static IConfiguration Configuration(IDictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();

    /// <summary>
    /// The real registration (options, client, resilience) with configuration from <paramref name="values"/>, its state in
    /// memory, talking to the configured Huawei (<c>HuaweiMeeting:BaseUrl</c>).
    /// </summary>
    public static ServiceCollection Registered(IDictionary<string, string?> values, Action<IHttpClientBuilder>? client = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        var builder = services.AddActivationCore(Configuration(values));
        services.AddStateInMemory();
        services.AddSingleton<IActivationEnvironment, HuaweiCloudEnvironment>();
        client?.Invoke(builder);
        return services;
    }

    public static IOptions<HuaweiMeetingOptions> Options(Action<HuaweiMeetingOptions>? configure = null)
    {
        var options = new HuaweiMeetingOptions { AppId = "app", AppKey = "key" };
        configure?.Invoke(options);
        return Microsoft.Extensions.Options.Options.Create(options);
    }

    internal static AccessTokenProvider TokenProvider(
        FakeHuaweiMeetingApi api, FakeTimeProvider time, IOptions<HuaweiMeetingOptions>? options = null, IAccessTokenStore? store = null,
        ISignInLock? signInLock = null)
    {
        options ??= Options();
        return new AccessTokenProvider(
            api, store ?? new MemoryAccessTokenStore(options), signInLock ?? new NoSignInLock(), new SignInProfile(options, time, NullLogger<SignInProfile>.Instance),
            options, time, new MeetingBotMetrics(new TestMeterFactory()), NullLogger<AccessTokenProvider>.Instance);
    }

    /// <summary>A user whose token key starts with <paramref name="key"/>, signing in as <paramref name="huaweiUserId"/> to the single test enterprise.</summary>
    internal static SignInSubject Subject(string key, string huaweiUserId) =>
        new(new ChatUser("test", null, key), new HuaweiEnterprise("app", "key", null), huaweiUserId);

    internal static HuaweiCallResult<AppAuthResponse> Token(string value, long validPeriodSeconds = 3600) =>
        HuaweiCallResult<AppAuthResponse>.Success(new AppAuthResponse(value, validPeriodSeconds, null), "auth-request");
}
