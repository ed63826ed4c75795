using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.Extensions.Options;

namespace MeetingBot.Meetings.Huawei;

/// <summary>
/// Signs App ID authentication requests, once per attempt. It sits inside the resilience pipeline's retry, so a retried
/// sign-in goes out as a new request with a fresh nonce, expireTime and signature (resending a signed request would be a
/// replay, which Huawei may refuse). Requests without a <see cref="HuaweiSignIn"/> in their options pass through untouched.
/// </summary>
internal sealed class AppAuthSigningHandler(IOptions<HuaweiMeetingOptions> options, TimeProvider timeProvider) : DelegatingHandler
{
    /// <summary>What to sign: set by the client on the request it hands to the pipeline.</summary>
    public static readonly HttpRequestOptionsKey<HuaweiSignIn> SignInKey = new("MeetingBot.Huawei.SignIn");

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (!request.Options.TryGetValue(SignInKey, out var signIn))
        {
            return await base.SendAsync(request, cancellationToken);
        }

        using var attempt = Signed(request, signIn);
        return await base.SendAsync(attempt, cancellationToken);
    }

    private HttpRequestMessage Signed(HttpRequestMessage template, HuaweiSignIn signIn)
    {
        var enterprise = signIn.Enterprise;
        var expireTime = timeProvider.GetUtcNow().Add(options.Value.SignatureLifetime).ToUnixTimeSeconds();
        var nonce = AppAuthSignature.NewNonce();
        var signature = AppAuthSignature.Compute(enterprise.AppId, enterprise.CorpId, signIn.UserId, expireTime, nonce, enterprise.AppKey);
        var body = new AppAuthRequest(
            enterprise.AppId, AppAuthRequest.ApiClientType, signIn.UserId, expireTime, nonce, enterprise.CorpId, signIn.UserName, signIn.UserEmail);

        var attempt = new HttpRequestMessage(template.Method, template.RequestUri)
        {
            Version = template.Version,
            VersionPolicy = template.VersionPolicy,
            Content = JsonContent.Create(body, HuaweiJsonContext.Default.AppAuthRequest),
        };
        foreach (var (name, values) in template.Headers)
        {
            attempt.Headers.TryAddWithoutValidation(name, values);
        }

        attempt.Headers.Authorization = new AuthenticationHeaderValue(
            AppAuthSignature.Scheme, AppAuthSignature.AuthorizationParameter(enterprise.AppId, signature));
        return attempt;
    }
}
