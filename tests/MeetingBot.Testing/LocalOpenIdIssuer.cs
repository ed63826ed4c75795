using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace MeetingBot.Testing;

/// <summary>
/// A token issuer of the test's own, as a channel's token service publishes one: a real HTTPS listener on 127.0.0.1
/// (its certificate trusted while it runs: <see cref="TrustedLoopbackCertificate"/>) serving an OpenID configuration at
/// <see cref="MetadataUrl"/> and the key set it points to, with the public part of each published <see cref="SigningKey"/>.
/// Tokens are signed by the test with those keys (or with keys it never published). Every address of one issuer
/// starts with a path of its own, so a library that caches metadata by address for the life of the process never
/// mistakes it for another issuer that got the same port earlier.
/// </summary>
public sealed class LocalOpenIdIssuer : IAsyncDisposable
{
    private static readonly string[] SigningAlgorithms = ["RS256"];

    private readonly WebApplication app;
    private readonly TrustedLoopbackCertificate certificate;
    private readonly IReadOnlyList<SigningKey> keys;
    private readonly string pathBase = "/" + Guid.NewGuid().ToString("N");
    private readonly ConcurrentQueue<string> served = new();

    private LocalOpenIdIssuer(WebApplication app, TrustedLoopbackCertificate certificate, IReadOnlyList<SigningKey> keys)
    {
        this.app = app;
        this.certificate = certificate;
        this.keys = keys;
    }

    /// <summary>The issuer (<c>iss</c>) its tokens carry and its configuration names: its own HTTPS address.</summary>
    public string Issuer => app.Urls.First() + pathBase;

    public string MetadataUrl => Issuer + "/.well-known/openid-configuration";

    public string KeySetUrl => Issuer + "/keys";

    /// <summary>The paths of the documents it served, in order (a test can show the metadata was really read).</summary>
    public IReadOnlyList<string> Served => [.. served];

    /// <summary>Starts serving, publishing <paramref name="published"/> (owned by the caller) in its key set.</summary>
    public static async Task<LocalOpenIdIssuer> StartAsync(params SigningKey[] published)
    {
        var certificate = await TrustedLoopbackCertificate.AcquireAsync();
        try
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(certificate.Certificate)));
            var app = builder.Build();
            var issuer = new LocalOpenIdIssuer(app, certificate, published);
            app.Run(issuer.HandleAsync);
            await app.StartAsync();
            return issuer;
        }
        catch
        {
            await certificate.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        await certificate.DisposeAsync();
    }

    private Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? string.Empty;
        served.Enqueue(path);
        if (path == pathBase + "/.well-known/openid-configuration")
        {
            return context.Response.WriteAsJsonAsync(new Dictionary<string, object>
            {
                ["issuer"] = Issuer,
                ["jwks_uri"] = KeySetUrl,
                ["id_token_signing_alg_values_supported"] = SigningAlgorithms,
            });
        }

        if (path == pathBase + "/keys")
        {
            return context.Response.WriteAsJsonAsync(new Dictionary<string, object> { ["keys"] = keys.Select(key => key.PublicJwk()).ToList() });
        }

        context.Response.StatusCode = StatusCodes.Status404NotFound;
        return Task.CompletedTask;
    }
}
