using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using MeetingBot.Meetings.Huawei;
using MeetingBot.Sandbox;
using Microsoft.Extensions.Time.Testing;

namespace MeetingBot.Meetings.Tests.Sandbox;

/// <summary>The simulator's service-provider app, with requests built by hand (not by the client under test).</summary>
public sealed class HuaweiSimulatorServiceProviderTests : IAsyncLifetime
{
    private const string Nonce = "0123456789abcdef0123456789abcdef01234567";
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 26, 7, 0, 0, TimeSpan.Zero));
    private HuaweiSimulator _simulator = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _simulator = new HuaweiSimulator(new HuaweiSimulatorOptions { ServiceProviderAppId = "sp-app", ServiceProviderAppKey = "sp-key" }, _time);
        await _simulator.StartAsync();
        _http = new HttpClient { BaseAddress = _simulator.BaseUrl };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _simulator.DisposeAsync();
    }

    private async Task<HttpStatusCode> SignInAsync(string? corpId, string? signedCorpId, Action<JsonObject>? body = null)
    {
        var expire = _time.GetUtcNow().AddMinutes(5).ToUnixTimeSeconds();
        var json = new JsonObject { ["appId"] = "sp-app", ["clientType"] = 72, ["userId"] = "user-1", ["expireTime"] = expire, ["nonce"] = Nonce };
        if (corpId is not null)
        {
            json["corpId"] = corpId;
        }

        body?.Invoke(json);
        using var request = new HttpRequestMessage(HttpMethod.Post, HuaweiSimulator.AppAuthPath) { Content = JsonContent.Create(json) };
        var signature = AppAuthSignature.Compute("sp-app", signedCorpId, "user-1", expire, Nonce, "sp-key");
        request.Headers.TryAddWithoutValidation("Authorization", $"HMAC-SHA256 {AppAuthSignature.AuthorizationParameter("sp-app", signature)}");
        request.Headers.Add("X-Token-Type", "LongTicket");
        using var response = await _http.SendAsync(request);
        return response.StatusCode;
    }

    [Fact]
    public async Task It_is_seeded_with_two_enterprises_and_accepts_the_service_provider_signature()
    {
        Assert.Equal([HuaweiSimulatorOptions.ContosoCorpId, HuaweiSimulatorOptions.FabrikamCorpId], _simulator.Options.Enterprises);

        var status = await SignInAsync(HuaweiSimulatorOptions.FabrikamCorpId, HuaweiSimulatorOptions.FabrikamCorpId,
            body => body["userName"] = "Alice Example");

        Assert.Equal(HttpStatusCode.OK, status);
        var account = Assert.Single(_simulator.Accounts);
        Assert.Equal(("sp-app", HuaweiSimulatorOptions.FabrikamCorpId, "user-1", "Alice Example"), (account.AppId, account.CorpId, account.UserId, account.UserName));
    }

    [Fact]
    public async Task A_signature_without_the_corp_id_is_refused() =>
        Assert.Equal(HttpStatusCode.Unauthorized, await SignInAsync(HuaweiSimulatorOptions.ContosoCorpId, signedCorpId: null));

    [Fact]
    public async Task A_signature_for_another_enterprise_is_refused() =>
        Assert.Equal(HttpStatusCode.Unauthorized, await SignInAsync(HuaweiSimulatorOptions.ContosoCorpId, HuaweiSimulatorOptions.FabrikamCorpId));

    [Theory]
    [InlineData(null)]
    [InlineData("corp-not-seeded")]
    public async Task A_missing_or_unknown_corp_id_is_refused(string? corpId)
    {
        Assert.Equal(HttpStatusCode.BadRequest, await SignInAsync(corpId, corpId));
        Assert.Empty(_simulator.Accounts);
    }
}
