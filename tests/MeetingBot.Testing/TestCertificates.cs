using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace MeetingBot.Testing;

/// <summary>A throwaway self-signed certificate for <c>Redis:DataProtectionCertificate</c>, as base64 PFX without password.</summary>
public static class TestCertificates
{
    public static string DataProtectionPfxBase64()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=MeetingBot Data Protection (tests)", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        return Convert.ToBase64String(certificate.Export(X509ContentType.Pfx));
    }
}
