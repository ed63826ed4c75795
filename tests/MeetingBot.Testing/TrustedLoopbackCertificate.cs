using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace MeetingBot.Testing;

/// <summary>
/// A hold on a self-signed TLS certificate for 127.0.0.1 that this user's .NET processes trust while anyone holds it:
/// its public part is in the user's root store (<c>CurrentUser\Root</c>, on Linux
/// <c>~/.dotnet/corefx/cryptography/x509stores/root</c>), which .NET trusts in this process and in the processes it
/// starts. For servers that must speak HTTPS to a client the test cannot configure (the Bot Framework SDK fetches
/// OpenID metadata only over HTTPS, with an <c>HttpClient</c> of its own).
/// <list type="bullet">
/// <item>One certificate for every holder in the process: .NET rereads the store only every few seconds, so a
/// certificate added next to one just read could stay untrusted for a while. <see cref="AcquireAsync"/> returns
/// once a chain built from the store trusts it.</item>
/// <item>Its private key never leaves this process, and it expires within hours, so a run that is killed leaves only a
/// soon-expired certificate nobody can use. The last holder to let go removes it from the store.</item>
/// </list>
/// </summary>
public sealed class TrustedLoopbackCertificate : IAsyncDisposable
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static X509Certificate2? shared;
    private static int holders;

    private int released;

    private TrustedLoopbackCertificate(X509Certificate2 certificate) => Certificate = certificate;

    /// <summary>The certificate with its private key, for Kestrel's <c>UseHttps</c>.</summary>
    public X509Certificate2 Certificate { get; }

    public static async Task<TrustedLoopbackCertificate> AcquireAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (shared is null)
            {
                var certificate = Create();
                SetTrusted(certificate, trusted: true);
                try
                {
                    await Poll.UntilAsync(() => IsTrusted(certificate), TimeSpan.FromSeconds(30), "the test certificate to be trusted");
                }
                catch
                {
                    SetTrusted(certificate, trusted: false);
                    certificate.Dispose();
                    throw;
                }

                shared = certificate;
            }

            holders++;
            return new TrustedLoopbackCertificate(shared);
        }
        finally
        {
            Gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref released, 1) == 1)
        {
            return;
        }

        await Gate.WaitAsync();
        try
        {
            if (--holders == 0 && shared is not null)
            {
                SetTrusted(shared, trusted: false);
                shared.Dispose();
                shared = null;
            }
        }
        finally
        {
            Gate.Release();
        }
    }

    private static X509Certificate2 Create()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1 (MeetingBot tests)", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(3));
        // Through PKCS#12, so the key is one SslStream can use on every platform.
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), password: null);
    }

    private static void SetTrusted(X509Certificate2 certificate, bool trusted)
    {
        using var publicPart = X509CertificateLoader.LoadCertificate(certificate.Export(X509ContentType.Cert));
        using var store = new X509Store(StoreName.Root, StoreLocation.CurrentUser);
        store.Open(OpenFlags.ReadWrite);
        if (trusted)
        {
            store.Add(publicPart);
        }
        else
        {
            store.Remove(publicPart);
        }
    }

    /// <summary>Whether a chain built as TLS clients build one (system trust, no revocation check) ends in a trusted root.</summary>
    private static bool IsTrusted(X509Certificate2 certificate)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }
}
