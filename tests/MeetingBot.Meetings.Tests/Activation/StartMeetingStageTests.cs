using MeetingBot.Testing;
using MeetingBot.Meetings.Activation;
using MeetingBot.Meetings.Huawei;
using MeetingBot.Meetings.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace MeetingBot.Meetings.Tests.Activation;

public class StartMeetingStageTests
{
    private static readonly ChatUser TeamsUser = new("msteams", "tenant-1", "29:channel-id", AadObjectId: "aad-object-id");
    private static readonly HuaweiCallResult<StartConferenceResponse> Started =
        HuaweiCallResult<StartConferenceResponse>.Success(new StartConferenceResponse("100.94.23.40"), "start-req");
    private static readonly HuaweiCallResult<StartConferenceResponse> TokenRejected =
        HuaweiCallResult<StartConferenceResponse>.Failed(new HuaweiFailure(HuaweiFailureKind.HttpError, 401, "USG.000000004", "start-401"));

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 26, 7, 0, 0, TimeSpan.Zero));
    private readonly FakeHuaweiMeetingApi _api = new();

    /// <summary>Authentication succeeds; starting the conference never answers until its token is cancelled.</summary>
    private void StartHangsUntilCancelled()
    {
        _api.OnAuthenticate("aad-object-id", Services.Token("tok"));
        _api.OnStart("tok", "986030665", "123456", async token =>
        {
            await Task.Delay(Timeout.Infinite, token);
            return Started;
        });
    }

    private Task UntilStartIsCalledAsync() => _api.StartCalled.WaitAsync(TimeSpan.FromSeconds(30));

    /// <summary>The start stage behind the deadline, without the protection.</summary>
    private DeadlineStage Service(IOptions<HuaweiMeetingOptions>? options = null)
    {
        options ??= Services.Options();
        var huawei = new StartMeetingStage(
            _api, Services.TokenProvider(_api, _time, options), new HuaweiEnterpriseDirectory(options), options, _time,
            NullLogger<StartMeetingStage>.Instance);
        return new DeadlineStage(huawei, options, _time);
    }

    [Theory]
    [InlineData("", "123456", InputProblem.MeetingIdMissing)]
    [InlineData("98603O665", "123456", InputProblem.MeetingIdNotDigits)]
    [InlineData("123", "123456", InputProblem.MeetingIdWrongLength)]
    [InlineData("986030665", "", InputProblem.PasswordMissing)]
    [InlineData("986030665", "12\u000734", InputProblem.PasswordHasControlCharacters)]
    public void Invalid_input_makes_no_credentials_so_it_can_reach_no_stage_and_no_network(string meetingId, string password, InputProblem problem)
    {
        var credentials = MeetingCredentials.TryCreate(meetingId, password, out var problems);

        Assert.Null(credentials);
        Assert.Contains(problem, problems);
        Assert.Equal(0, _api.Calls);
    }

    [Fact]
    public async Task A_valid_activation_uses_the_normalized_id_and_answers_the_region_ip()
    {
        _api.OnAuthenticate("aad-object-id", Services.Token("tok"));
        _api.OnStart("tok", "986030665", "123456", Started);

        var result = await Service().ActivateAsync(TeamsUser, "986 030-665", "123456", CancellationToken.None);

        Assert.Equal(ActivationOutcome.Activated, result.Outcome);
        Assert.Equal("100.94.23.40", result.RegionIp);
        Assert.Equal("986030665", result.MeetingId);
        Assert.Equal("start-req", result.RequestId);
        Assert.Equal(_time.GetUtcNow(), result.CompletedAt);
    }

    [Theory]
    [InlineData(HuaweiUserIdSource.AadObjectIdThenChannelUserId, "aad-object-id", "aad-object-id")]
    [InlineData(HuaweiUserIdSource.AadObjectIdThenChannelUserId, null, "29:channel-id")]
    [InlineData(HuaweiUserIdSource.ChannelUserId, "aad-object-id", "29:channel-id")]
    [InlineData(HuaweiUserIdSource.AadObjectId, "aad-object-id", "aad-object-id")]
    public async Task The_huawei_user_id_follows_the_configured_source(HuaweiUserIdSource source, string? aadObjectId, string expectedUserId)
    {
        _api.OnAuthenticate(expectedUserId, Services.Token("tok"));
        _api.OnStart("tok", "986030665", "123456", Started);

        var result = await Service(Services.Options(o => o.UserIdSource = source))
            .ActivateAsync(TeamsUser with { AadObjectId = aadObjectId }, "986030665", "123456", CancellationToken.None);

        Assert.True(result.IsActivated);
    }

    [Theory]
    [InlineData(HuaweiUserIdSource.AadObjectId, null, "29:x")]
    [InlineData(HuaweiUserIdSource.ChannelUserId, "aad", " ")]
    [InlineData(HuaweiUserIdSource.AadObjectIdThenChannelUserId, "", "")]
    public async Task A_user_without_a_usable_identity_is_never_authenticated(HuaweiUserIdSource source, string? aadObjectId, string userId)
    {
        var result = await Service(Services.Options(o => o.UserIdSource = source))
            .ActivateAsync(new ChatUser("slack", "T1", userId, aadObjectId), "986030665", "123456", CancellationToken.None);

        Assert.Equal(ActivationOutcome.NotPermitted, result.Outcome);
        Assert.Equal(0, _api.Calls);
    }

    [Fact]
    public async Task A_rejected_token_is_dropped_and_the_activation_retried_once_with_a_new_token()
    {
        _api.OnAuthenticate("aad-object-id", Services.Token("expired"), Services.Token("fresh"));
        _api.OnStart("expired", "986030665", "123456", TokenRejected);
        _api.OnStart("fresh", "986030665", "123456", Started);
        var service = Service();

        var result = await service.ActivateAsync(TeamsUser, "986030665", "123456", CancellationToken.None);
        var again = await service.ActivateAsync(TeamsUser, "986030665", "123456", CancellationToken.None);

        Assert.True(result.IsActivated);
        Assert.True(again.IsActivated);
        Assert.Equal(2, _api.Authentications.Count);
        Assert.Single(_api.Starts, start => start.AccessToken == "expired");
        Assert.Equal(2, _api.Starts.Count(start => start.AccessToken == "fresh"));
    }

    [Fact]
    public async Task A_second_401_becomes_an_authentication_error_without_further_attempts()
    {
        _api.OnAuthenticate("aad-object-id", Services.Token("one"), Services.Token("two"));
        _api.OnStart(null, "986030665", "123456", TokenRejected);

        var result = await Service().ActivateAsync(TeamsUser, "986030665", "123456", CancellationToken.None);

        Assert.Equal(ActivationOutcome.AuthenticationFailed, result.Outcome);
        Assert.Equal("USG.000000004", result.ErrorCode);
        Assert.Equal("start-401", result.RequestId);
        Assert.Equal(2, _api.Authentications.Count);
        Assert.Equal(2, _api.Starts.Count);
    }

    [Fact]
    public async Task A_wrong_password_is_not_retried()
    {
        _api.OnAuthenticate("aad-object-id", Services.Token("tok"));
        _api.OnStart("tok", "986030665", "wrong",
            HuaweiCallResult<StartConferenceResponse>.Failed(new HuaweiFailure(HuaweiFailureKind.HttpError, 400, "MMC.111072065", "r-400")));

        var result = await Service().ActivateAsync(TeamsUser, "986030665", "wrong", CancellationToken.None);

        Assert.Equal(ActivationOutcome.WrongMeetingIdOrPassword, result.Outcome);
        Assert.Equal(("MMC.111072065", "r-400"), (result.ErrorCode, result.RequestId));
        Assert.Single(_api.Starts);
    }

    [Fact]
    public async Task A_failed_authentication_is_reported_with_its_code_and_no_start_is_attempted()
    {
        _api.OnAuthenticate("aad-object-id",
            HuaweiCallResult<AppAuthResponse>.Failed(new HuaweiFailure(HuaweiFailureKind.HttpError, 401, "USG.206010025", "auth-401")));

        var result = await Service().ActivateAsync(TeamsUser, "986030665", "123456", CancellationToken.None);

        Assert.Equal(ActivationOutcome.AuthenticationFailed, result.Outcome);
        Assert.Equal(("USG.206010025", "auth-401"), (result.ErrorCode, result.RequestId));
        Assert.Empty(_api.Starts);
    }

    [Fact]
    public async Task Rate_limiting_carries_the_retry_after_huawei_announced()
    {
        _api.OnAuthenticate("aad-object-id", Services.Token("tok"));
        _api.OnStart("tok", "986030665", "123456", HuaweiCallResult<StartConferenceResponse>.Failed(
            new HuaweiFailure(HuaweiFailureKind.HttpError, 429, "APIG.0308", "r-429", TimeSpan.FromSeconds(42))));

        var result = await Service().ActivateAsync(TeamsUser, "986030665", "123456", CancellationToken.None);

        Assert.Equal(ActivationOutcome.RateLimited, result.Outcome);
        Assert.Equal(TimeSpan.FromSeconds(42), result.RetryAfter);
    }

    [Fact]
    public async Task An_activation_that_outlasts_its_deadline_is_timed_out()
    {
        StartHangsUntilCancelled();
        var service = Service(Services.Options(o => o.ActivationTimeout = TimeSpan.FromSeconds(12)));

        var activation = service.ActivateAsync(TeamsUser, "986030665", "123456", CancellationToken.None);
        await UntilStartIsCalledAsync();

        _time.Advance(TimeSpan.FromSeconds(12));
        var result = await activation.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(ActivationOutcome.TimedOut, result.Outcome);
    }

    [Fact]
    public async Task The_callers_cancellation_is_not_reported_as_an_outcome()
    {
        using var caller = new CancellationTokenSource();
        StartHangsUntilCancelled();

        var activation = Service().ActivateAsync(TeamsUser, "986030665", "123456", caller.Token);
        await UntilStartIsCalledAsync();

        await caller.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => activation.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task Sign_out_forgets_the_users_token()
    {
        _api.OnAuthenticate("aad-object-id", Services.Token("first"), Services.Token("second"));
        _api.OnStart(null, "986030665", "123456", Started);
        var service = Service();

        await service.ActivateAsync(TeamsUser, "986030665", "123456", CancellationToken.None);
        await service.SignOutAsync(TeamsUser, CancellationToken.None);
        await service.ActivateAsync(TeamsUser, "986030665", "123456", CancellationToken.None);

        Assert.Single(_api.Starts, start => start.AccessToken == "second");
    }
}
