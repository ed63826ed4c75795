using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MeetingBot.Sandbox;

/// <summary>
/// A simulator of Huawei Cloud Meeting's App ID authentication, conference start, meeting list (SearchMeetings) and meeting
/// details (confDetail), on its own loopback Kestrel listener (127.0.0.1, a free port). It checks what Huawei checks (HMAC signature, nonce length, expireTime, X-Token-Type, tokens
/// that expire), in single-enterprise mode and for a service provider's app (corpId required and signed), registers an
/// account per user on first sign-in with the name and email it carried (<see cref="Accounts"/>), lists to every user the
/// meetings of <see cref="HuaweiSimulatorOptions.ScheduledMeetings"/> (timed from its creation, on its clock; a meeting
/// listed for some users only is theirs alone),
/// answers Huawei-shaped JSON with an <c>X-Request-Id</c>, and doubles as the tests' stub server:
/// forced answers (<see cref="ForceNext"/>), request counters and a request log without secrets.
/// </summary>
public sealed class HuaweiSimulator : IAsyncDisposable
{
    public const string AppAuthPath = "/v2/usg/acs/auth/appauth";
    public const string StartConferencePath = "/v1/mmc/management/conferences/start";
    public const string SearchMeetingsPath = "/v1/mmc/management/conferences";
    public const string MeetingDetailPath = "/v1/mmc/management/conferences/confDetail";
    private const int RequestLogCapacity = 1_000;
    private const int MinNonceLength = 32;
    private const int MaxNonceLength = 64;
    private const int DefaultLimit = 20;
    private const int MaxLimit = 500;
    private const int MaxSearchKeyLength = 128;
    private const string TimeFormat = "yyyy-MM-dd HH:mm";
    private static readonly int EndpointCount = Enum.GetValues<SimulatorEndpoint>().Length;

    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, IssuedToken> _tokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string AppId, string? CorpId, string UserId), SimulatedAccount> _accounts = new();
    private readonly ConcurrentQueue<SimulatedAnswer>[] _forced = [.. Enumerable.Range(0, EndpointCount).Select(_ => new ConcurrentQueue<SimulatedAnswer>())];
    private readonly int[] _requestCounts = new int[EndpointCount];
    private readonly ConcurrentDictionary<string, bool> _startedMeetings = new(StringComparer.Ordinal);
    private readonly DateTimeOffset _seededAt;
    private readonly ConcurrentQueue<SimulatorRequest> _requests = new();
    private readonly CancellationTokenSource _stopping = new();
    private WebApplication? _app;
    private Uri? _baseUrl;

    public HuaweiSimulator(HuaweiSimulatorOptions? options = null, TimeProvider? timeProvider = null, ILogger<HuaweiSimulator>? logger = null)
    {
        Options = options ?? new HuaweiSimulatorOptions();
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger<HuaweiSimulator>.Instance;
        var now = _timeProvider.GetUtcNow();
        _seededAt = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero);
    }

    /// <summary>The simulator's credentials and meetings; changes apply to the next request.</summary>
    public HuaweiSimulatorOptions Options { get; }

    public bool IsRunning => _app is not null;

    /// <summary>Where it listens, for <c>HuaweiMeeting:BaseUrl</c>. Known once started.</summary>
    public Uri BaseUrl => _baseUrl ?? throw new InvalidOperationException("The Huawei simulator has not been started.");

    public int AuthRequests => RequestCount(SimulatorEndpoint.AppAuth);

    public int StartRequests => RequestCount(SimulatorEndpoint.StartConference);

    /// <summary>
    /// The moment <see cref="HuaweiSimulatorOptions.ScheduledMeetings"/> are timed from: the simulator's creation on its clock,
    /// to the minute. A listed meeting starts at <c>SeededAt + StartsIn</c>.
    /// </summary>
    public DateTimeOffset SeededAt => _seededAt;

    /// <summary>The most recent requests (up to 1,000), oldest first, without secrets.</summary>
    public IReadOnlyList<SimulatorRequest> Requests => [.. _requests];

    /// <summary>Every access token issued and not revoked: for tests that prove no token reaches a log.</summary>
    public IReadOnlyCollection<string> IssuedAccessTokens => [.. _tokens.Keys];

    /// <summary>The accounts registered by first sign-ins, as Huawei's address book would list them.</summary>
    public IReadOnlyCollection<SimulatedAccount> Accounts => [.. _accounts.Values];

    public int RequestCount(SimulatorEndpoint endpoint) => Volatile.Read(ref _requestCounts[(int)endpoint]);

    /// <summary>Answers the next <paramref name="times"/> requests to <paramref name="endpoint"/> with <paramref name="answer"/>.</summary>
    public void ForceNext(SimulatorEndpoint endpoint, SimulatedAnswer answer, int times = 1)
    {
        ArgumentNullException.ThrowIfNull(answer);
        for (var i = 0; i < times; i++)
        {
            _forced[(int)endpoint].Enqueue(answer);
        }
    }

    public void ClearForcedAnswers()
    {
        foreach (var queue in _forced)
        {
            queue.Clear();
        }
    }

    /// <summary>Invalidates every issued token: the next start with one answers 401, as when Huawei revokes tokens.</summary>
    public void RevokeAllTokens() => _tokens.Clear();

    public void ResetCounters()
    {
        for (var i = 0; i < _requestCounts.Length; i++)
        {
            Volatile.Write(ref _requestCounts[i], 0);
        }

        _requests.Clear();
    }

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (_app is not null)
        {
            throw new InvalidOperationException("The Huawei simulator is already running.");
        }

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(HuaweiSimulator).Assembly.GetName().Name,
            EnvironmentName = Environments.Production,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.ClearProviders();
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(5));
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, Options.Port));

        var app = builder.Build();
        app.MapPost(AppAuthPath, (Func<HttpContext, Task<IResult>>)AuthenticateAsync);
        app.MapPost(StartConferencePath, (Func<HttpContext, Task<IResult>>)StartConferenceAsync);
        app.MapGet(SearchMeetingsPath, (Func<HttpContext, Task<IResult>>)SearchMeetingsAsync);
        app.MapGet(MeetingDetailPath, (Func<HttpContext, Task<IResult>>)MeetingDetailAsync);
        await app.StartAsync(cancellationToken);

        _baseUrl = new Uri(app.Urls.First());
        _app = app;
        _logger.LogInformation("Huawei simulator listening on {BaseUrl}", _baseUrl);
    }

    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (_app is not { } app)
        {
            return;
        }

        _app = null;
        await _stopping.CancelAsync();
        await app.StopAsync(cancellationToken);
        await app.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stopping.Dispose();
    }

    private async Task<IResult> AuthenticateAsync(HttpContext context)
    {
        var call = Begin(SimulatorEndpoint.AppAuth, context);
        if (await ForcedAnswerAsync(call) is { } forced)
        {
            return forced;
        }

        if (!string.Equals(context.Request.Headers["X-Token-Type"], "LongTicket", StringComparison.Ordinal))
        {
            return call.Error(400, SimulatorErrorCodes.BadRequest, "X-Token-Type must be LongTicket");
        }

        if (await ReadJsonAsync(context) is not { } body)
        {
            return call.Error(400, SimulatorErrorCodes.BadRequest, "body is not JSON");
        }

        var appId = body.Text("appId");
        var userId = body.Text("userId");
        var nonce = body.Text("nonce");
        var expireTime = body.Number("expireTime");
        var corpId = body.Text("corpId");
        call.UserId = userId;
        call.CorpId = corpId;

        var isServiceProvider = string.Equals(appId, Options.ServiceProviderAppId, StringComparison.Ordinal);
        if (!isServiceProvider && body.Has("corpId"))
        {
            return call.Error(400, SimulatorErrorCodes.BadRequest, "corpId is not accepted in single-enterprise mode");
        }

        if (isServiceProvider && (corpId is null || !Options.Enterprises.Contains(corpId, StringComparer.Ordinal)))
        {
            return call.Error(400, SimulatorErrorCodes.BadRequest, "a service provider's app must send the corpId of one of its enterprises");
        }

        if (body.Number("clientType") != 72)
        {
            return call.Error(400, SimulatorErrorCodes.BadRequest, "clientType must be 72");
        }

        if (string.IsNullOrEmpty(userId))
        {
            // Huawei would authenticate the enterprise administrator; the sandbox refuses so the bug shows.
            return call.Error(400, SimulatorErrorCodes.BadRequest, "userId is empty: the sandbox refuses administrator authentication");
        }

        if (nonce is null || nonce.Length is < MinNonceLength or > MaxNonceLength)
        {
            return call.Error(400, SimulatorErrorCodes.BadRequest, "nonce must have 32 to 64 characters");
        }

        if (expireTime is null || (expireTime != 0 && expireTime < _timeProvider.GetUtcNow().ToUnixTimeSeconds()))
        {
            return call.Error(401, SimulatorErrorCodes.AppIdVerificationFailed, "signature expired (expireTime)");
        }

        var appKey = isServiceProvider ? Options.ServiceProviderAppKey
            : string.Equals(appId, Options.AppId, StringComparison.Ordinal) ? Options.AppKey
            : null;
        // The signed string: appId:userId:expireTime:nonce, or appId:corpId:userId:expireTime:nonce for a service provider's app.
        var signed = isServiceProvider
            ? string.Create(CultureInfo.InvariantCulture, $"{appId}:{corpId}:{userId}:{expireTime.Value}:{nonce}")
            : string.Create(CultureInfo.InvariantCulture, $"{appId}:{userId}:{expireTime.Value}:{nonce}");
        if (appId is null || appKey is null || !SignatureIsValid(context.Request.Headers.Authorization.ToString(), appId, appKey, signed))
        {
            return call.Error(401, SimulatorErrorCodes.AppIdVerificationFailed, "APPID verification failed");
        }

        // Huawei registers an App ID user on first sign-in, named by userName (else by userId).
        var registered = new SimulatedAccount(appId, corpId, userId, body.Text("userName"), body.Text("userEmail"));
        var account = _accounts.GetOrAdd((appId, corpId, userId), registered);
        if (ReferenceEquals(account, registered))
        {
            _logger.LogInformation(
                "Sandbox Huawei registered account {UserId} named {UserName} ({EmailState}) in enterprise {CorpId}",
                userId, account.UserName ?? userId, account.UserEmail is null ? "no email" : "with email", corpId ?? "(single)");
        }
        var now = _timeProvider.GetUtcNow();
        var expiresAt = now + Options.TokenLifetime;
        var token = "sbx" + RandomNumberGenerator.GetHexString(40, lowercase: true);
        _tokens[token] = new IssuedToken(userId, corpId, expiresAt);
        ForgetExpiredTokens(now);
        return call.Ok(new Dictionary<string, object?>
        {
            ["accessToken"] = token,
            ["tokenType"] = 0,
            ["clientType"] = 72,
            ["createTime"] = now.ToUnixTimeMilliseconds(),
            ["expireTime"] = expiresAt.ToUnixTimeMilliseconds(),
            ["validPeriod"] = (long)Options.TokenLifetime.TotalSeconds,
            ["user"] = new Dictionary<string, object?> { ["userId"] = userId, ["name"] = account.UserName ?? userId, ["corpId"] = corpId },
        });
    }

    private async Task<IResult> StartConferenceAsync(HttpContext context)
    {
        var (call, refused) = await BeginSignedInAsync(SimulatorEndpoint.StartConference, context);
        if (refused is not null)
        {
            return refused;
        }

        if (await ReadJsonAsync(context) is not { } body)
        {
            return call.Error(400, SimulatorErrorCodes.BadRequest, "body is not JSON");
        }

        var conferenceId = body.Text("conferenceID");
        call.ConferenceId = conferenceId;
        var meeting = Options.Meetings.FirstOrDefault(m => string.Equals(m.ConferenceId, conferenceId, StringComparison.Ordinal));
        if (meeting is null)
        {
            return StartScheduledMeeting(call, conferenceId, body.Text("password"));
        }

        if (!PasswordMatches(meeting.Password, body.Text("password")))
        {
            return call.Error(400, SimulatorErrorCodes.WrongIdOrPassword, "CONF_NOT_FOUND_OR_AUTH_FAILED");
        }

        if (meeting.NotPermitted)
        {
            return call.Error(403, SimulatorErrorCodes.NotPermitted, "Insufficient permissions");
        }

        if (meeting.Slow && !await DelayAsync(Options.SlowMeetingDelay, call.Aborted))
        {
            return call.Abandoned();
        }

        // uuid is deprecated in Huawei's API; answered as Huawei does so clients prove they ignore it.
        return call.Ok(new Dictionary<string, object?> { ["regionIP"] = meeting.RegionIp, ["uuid"] = "deprecated-" + meeting.ConferenceId });
    }

    /// <summary>A listed meeting starts with its chair password only (guests may not start it), and is in progress from then on.</summary>
    private IResult StartScheduledMeeting(Call call, string? conferenceId, string? password)
    {
        if (FindListed(conferenceId) is not { } meeting)
        {
            return call.Error(400, SimulatorErrorCodes.MeetingNotFound, "Meeting does not exist");
        }

        if (!PasswordMatches(meeting.ChairPassword, password))
        {
            return call.Error(400, SimulatorErrorCodes.WrongIdOrPassword, "CONF_NOT_FOUND_OR_AUTH_FAILED");
        }

        _startedMeetings[meeting.ConferenceId] = true;
        return call.Ok(new Dictionary<string, object?> { ["regionIP"] = meeting.RegionIp, ["uuid"] = "deprecated-" + meeting.ConferenceId });
    }

    private async Task<IResult> SearchMeetingsAsync(HttpContext context)
    {
        var (call, refused) = await BeginSignedInAsync(SimulatorEndpoint.SearchMeetings, context);
        if (refused is not null)
        {
            return refused;
        }

        var query = context.Request.Query;
        if (!TryReadInt(query["offset"], 0, out var offset) || offset < 0)
        {
            return call.Error(400, SimulatorErrorCodes.BadRequest, "offset must be a number, 0 or more");
        }

        if (!TryReadInt(query["limit"], DefaultLimit, out var limit) || limit is < 1 or > MaxLimit)
        {
            return call.Error(400, SimulatorErrorCodes.BadRequest, "limit must be a number from 1 to 500");
        }

        var searchKey = query.ContainsKey("searchKey") ? query["searchKey"].ToString() : null;
        if (searchKey is { Length: 0 or > MaxSearchKeyLength })
        {
            return call.Error(400, SimulatorErrorCodes.BadRequest, "searchKey must have 1 to 128 characters");
        }

        if (!TryReadHorizon(query["queryConfMode"].ToString(), out var horizon))
        {
            return call.Error(400, SimulatorErrorCodes.BadRequest, "queryConfMode must be ADAY, AWEEK, AMONTH or ALL");
        }

        var sortType = query["sortType"].ToString();
        if (sortType is not ("" or "ASC_StartTIME" or "DSC_StartTIME"))
        {
            return call.Error(400, SimulatorErrorCodes.BadRequest, "sortType must be ASC_StartTIME or DSC_StartTIME");
        }

        var now = _timeProvider.GetUtcNow();
        var matching = Options.ScheduledMeetings
            .Where(m => m.IsListedFor(call.UserId!) && EndOf(m) > now && (horizon is null || m.InProgress || IsStarted(m) || StartOf(m) <= now + horizon))
            .Where(m => searchKey is null || Matches(m, searchKey, call.UserId!))
            .OrderBy(StartOf)
            .ToList();
        if (sortType == "DSC_StartTIME")
        {
            matching.Reverse();
        }

        return call.Ok(new Dictionary<string, object?>
        {
            ["offset"] = offset,
            ["limit"] = limit,
            ["count"] = matching.Count,
            ["data"] = matching.Skip(offset).Take(limit).Select(m => ConferenceInfo(m, call.UserId!)).ToList(),
        });
    }

    private async Task<IResult> MeetingDetailAsync(HttpContext context)
    {
        var (call, refused) = await BeginSignedInAsync(SimulatorEndpoint.MeetingDetail, context);
        if (refused is not null)
        {
            return refused;
        }

        var conferenceId = context.Request.Query["conferenceID"].ToString();
        call.ConferenceId = conferenceId;
        if (conferenceId.Length == 0)
        {
            return call.Error(400, SimulatorErrorCodes.BadRequest, "conferenceID is mandatory");
        }

        // By conferenceID only, as Huawei: a cloud meeting room's ID (vmrConferenceID) finds nothing here; nor does
        // someone else's meeting.
        if (FindListed(conferenceId) is not { } meeting || !meeting.IsListedFor(call.UserId!))
        {
            return call.Error(400, SimulatorErrorCodes.MeetingNotFound, "Meeting does not exist");
        }

        return call.Ok(new Dictionary<string, object?>
        {
            ["conferenceData"] = ConferenceInfo(meeting, call.UserId!),
            ["data"] = new Dictionary<string, object?> { ["offset"] = 0, ["limit"] = DefaultLimit, ["count"] = 0, ["data"] = Array.Empty<object>() },
        });
    }

    /// <summary>A listed meeting that has not ended, by its conferenceID.</summary>
    private SimulatedScheduledMeeting? FindListed(string? conferenceId)
    {
        var now = _timeProvider.GetUtcNow();
        return Options.ScheduledMeetings.FirstOrDefault(m => string.Equals(m.ConferenceId, conferenceId, StringComparison.Ordinal) && EndOf(m) > now);
    }

    /// <summary>
    /// Huawei's <c>ConferenceInfo</c>: times in UTC while <c>timeZoneID</c> is 56 (UTC+8, only the notifications' zone);
    /// the host gets the chair and the guest password and the host link, a guest only the guest password.
    /// </summary>
    private Dictionary<string, object?> ConferenceInfo(SimulatedScheduledMeeting meeting, string userId)
    {
        List<Dictionary<string, object?>> passwords = meeting.UserIsHost
            ? [Password("chair", meeting.ChairPassword), Password("general", meeting.GuestPassword)]
            : [Password("general", meeting.GuestPassword)];
        var info = new Dictionary<string, object?>
        {
            ["conferenceID"] = meeting.ConferenceId,
            ["mediaTypes"] = "Data,Video,Voice",
            ["subject"] = meeting.Subject,
            ["size"] = 5,
            ["timeZoneID"] = "56",
            ["startTime"] = StartOf(meeting).ToString(TimeFormat, CultureInfo.InvariantCulture),
            ["endTime"] = EndOf(meeting).ToString(TimeFormat, CultureInfo.InvariantCulture),
            ["conferenceState"] = meeting.InProgress || IsStarted(meeting) ? "Created" : "Schedule",
            ["accessNumber"] = "+991117",
            ["language"] = "en-US",
            ["passwordEntry"] = passwords,
            ["scheduserName"] = SchedulerOf(meeting, userId),
            ["conferenceType"] = 0,
            ["confType"] = "FUTURE",
            ["isAutoMute"] = 1,
            ["isAutoRecord"] = 0,
            ["guestJoinUri"] = $"https://c.meeting.example/#/j/{meeting.ConferenceId}/{JoinToken(meeting.ConferenceId, "general")}",
            ["role"] = meeting.UserIsHost ? "chair" : "general",
            ["vmrFlag"] = meeting.VmrConferenceId is null ? 0 : 1,
            ["scheduleVmr"] = false,
        };
        if (meeting.UserIsHost)
        {
            info["chairJoinUri"] = $"https://c.meeting.example/#/j/{meeting.ConferenceId}/{JoinToken(meeting.ConferenceId, "chair")}";
        }

        if (meeting.VmrConferenceId is not null)
        {
            info["vmrConferenceID"] = meeting.VmrConferenceId;
        }

        return info;
    }

    private static Dictionary<string, object?> Password(string role, string password) =>
        new() { ["conferenceRole"] = role, ["password"] = password };

    private static string JoinToken(string conferenceId, string role) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{conferenceId}:{role}")))[..48];

    private DateTimeOffset StartOf(SimulatedScheduledMeeting meeting) => _seededAt + meeting.StartsIn;

    private DateTimeOffset EndOf(SimulatedScheduledMeeting meeting) => StartOf(meeting) + meeting.Length;

    private bool IsStarted(SimulatedScheduledMeeting meeting) => _startedMeetings.ContainsKey(meeting.ConferenceId);

    /// <summary>The host schedules their own meetings; a guest's were scheduled by someone else.</summary>
    private static string SchedulerOf(SimulatedScheduledMeeting meeting, string userId) => meeting.UserIsHost ? userId : "partner-host";

    /// <summary>As Huawei's searchKey: the subject, the meeting ID (or the cloud meeting room's) and the scheduler.</summary>
    private static bool Matches(SimulatedScheduledMeeting meeting, string searchKey, string userId) =>
        meeting.Subject.Contains(searchKey, StringComparison.OrdinalIgnoreCase)
        || meeting.ConferenceId.Contains(searchKey, StringComparison.Ordinal)
        || (meeting.VmrConferenceId?.Contains(searchKey, StringComparison.Ordinal) ?? false)
        || SchedulerOf(meeting, userId).Contains(searchKey, StringComparison.OrdinalIgnoreCase);

    /// <summary>How far ahead queryConfMode looks (null: no limit); false for a value Huawei does not take.</summary>
    private static bool TryReadHorizon(string queryConfMode, out TimeSpan? horizon)
    {
        horizon = queryConfMode switch
        {
            "ADAY" => TimeSpan.FromDays(1),
            "AWEEK" => TimeSpan.FromDays(7),
            "AMONTH" => TimeSpan.FromDays(30),
            _ => null,
        };
        return horizon is not null || queryConfMode is "" or "ALL";
    }

    private static bool TryReadInt(Microsoft.Extensions.Primitives.StringValues value, int absent, out int number)
    {
        if (value.Count == 0)
        {
            number = absent;
            return true;
        }

        return int.TryParse(value.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out number);
    }

    /// <summary>Whether the request carries a live token; the call is then recorded as its user's.</summary>
    private bool IsSignedIn(Call call)
    {
        var token = call.Context.Request.Headers["X-Access-Token"].ToString();
        if (!_tokens.TryGetValue(token, out var issued) || issued.ExpiresAt <= _timeProvider.GetUtcNow())
        {
            return false;
        }

        call.UserId = issued.UserId;
        call.CorpId = issued.CorpId;
        return true;
    }

    /// <summary>
    /// Begins a call that needs the caller's token: answered at once when an answer was forced, or with 401 when the token
    /// is not one issued here and still live; otherwise <c>refused</c> is null and the endpoint answers.
    /// </summary>
    private async Task<(Call Call, IResult? Refused)> BeginSignedInAsync(SimulatorEndpoint endpoint, HttpContext context)
    {
        var call = Begin(endpoint, context);
        if (await ForcedAnswerAsync(call) is { } forced)
        {
            return (call, forced);
        }

        return IsSignedIn(call) ? (call, null) : (call, call.Error(401, SimulatorErrorCodes.TokenExpired, "token invalid or expired"));
    }

    private Call Begin(SimulatorEndpoint endpoint, HttpContext context)
    {
        Interlocked.Increment(ref _requestCounts[(int)endpoint]);
        var requestId = RandomNumberGenerator.GetHexString(32, lowercase: true);
        context.Response.Headers["X-Request-Id"] = requestId;
        return new Call(this, endpoint, context, requestId);
    }

    private async Task<IResult?> ForcedAnswerAsync(Call call)
    {
        if (!_forced[(int)call.Endpoint].TryDequeue(out var answer))
        {
            return null;
        }

        if (answer.Delay > TimeSpan.Zero && !await DelayAsync(answer.Delay, call.Aborted))
        {
            return call.Abandoned();
        }

        if (answer.StatusCode is not { } status)
        {
            return null;
        }

        foreach (var (name, value) in answer.Headers)
        {
            call.Context.Response.Headers[name] = value;
        }

        return call.Error(status, answer.ErrorCode, answer.ErrorMessage);
    }

    private async Task<bool> DelayAsync(TimeSpan delay, CancellationToken aborted)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(aborted, _stopping.Token);
        try
        {
            await Task.Delay(delay, _timeProvider, linked.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static bool SignatureIsValid(string authorization, string appId, string appKey, string signed)
    {
        const string Scheme = "HMAC-SHA256 ";
        if (!authorization.StartsWith(Scheme, StringComparison.Ordinal))
        {
            return false;
        }

        var parameters = authorization[Scheme.Length..]
            .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(part => part.Split('=', 2))
            .Where(pair => pair.Length == 2)
            .ToDictionary(pair => pair[0], pair => pair[1], StringComparer.Ordinal);
        if (!parameters.TryGetValue("signature", out var signature) || !parameters.TryGetValue("access", out var access)
            || !string.Equals(access, Convert.ToBase64String(Encoding.UTF8.GetBytes(appId)), StringComparison.Ordinal))
        {
            return false;
        }

        byte[] given;
        try
        {
            given = Convert.FromHexString(signature);
        }
        catch (FormatException)
        {
            return false;
        }

        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(appKey), Encoding.UTF8.GetBytes(signed));
        return CryptographicOperations.FixedTimeEquals(given, expected);
    }

    private static bool PasswordMatches(string expected, string? given) =>
        given is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(given));

    private static async Task<JsonBody?> ReadJsonAsync(HttpContext context)
    {
        try
        {
            using var document = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
            return document.RootElement.ValueKind == JsonValueKind.Object ? new JsonBody(document.RootElement.Clone()) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private void ForgetExpiredTokens(DateTimeOffset now)
    {
        if (_tokens.Count < 10_000)
        {
            return;
        }

        foreach (var (token, issued) in _tokens)
        {
            if (issued.ExpiresAt <= now)
            {
                _tokens.TryRemove(token, out _);
            }
        }
    }

    private void Record(SimulatorRequest request)
    {
        _requests.Enqueue(request);
        while (_requests.Count > RequestLogCapacity && _requests.TryDequeue(out _))
        {
        }

        _logger.LogInformation(
            "Sandbox Huawei {Endpoint} answered {StatusCode} {ErrorCode} for user {UserId} of enterprise {CorpId} meeting {ConferenceId} (request {RequestId})",
            request.Endpoint, request.StatusCode, request.ErrorCode, request.UserId, request.CorpId ?? "(single)", request.ConferenceId, request.RequestId);
    }

    private sealed record IssuedToken(string UserId, string? CorpId, DateTimeOffset ExpiresAt);

    /// <summary>One request being answered: records it (without secrets) as it answers.</summary>
    private sealed class Call(HuaweiSimulator simulator, SimulatorEndpoint endpoint, HttpContext context, string requestId)
    {
        public SimulatorEndpoint Endpoint => endpoint;

        public HttpContext Context => context;

        public CancellationToken Aborted => context.RequestAborted;

        public string? UserId { get; set; }

        public string? ConferenceId { get; set; }

        public string? CorpId { get; set; }

        public IResult Ok(Dictionary<string, object?> body)
        {
            Record(200, null);
            return Results.Json(body);
        }

        public IResult Error(int status, string? errorCode, string? errorMessage)
        {
            Record(status, errorCode);
            return Results.Json(new Dictionary<string, object?> { ["error_code"] = errorCode, ["error_msg"] = errorMessage }, statusCode: status);
        }

        /// <summary>The client gave up (or the simulator is stopping) before the answer was ready.</summary>
        public IResult Abandoned()
        {
            Record(499, null);
            return Results.Empty;
        }

        private void Record(int status, string? errorCode) =>
            simulator.Record(new SimulatorRequest(endpoint, simulator._timeProvider.GetUtcNow(), status, errorCode, requestId, UserId, ConferenceId, CorpId));
    }

    /// <summary>Tolerant reads of a JSON object's fields.</summary>
    private sealed class JsonBody(JsonElement root)
    {
        public bool Has(string name) => root.TryGetProperty(name, out _);

        public string? Text(string name) =>
            root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

        public long? Number(string name) =>
            root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) ? number : null;
    }
}
