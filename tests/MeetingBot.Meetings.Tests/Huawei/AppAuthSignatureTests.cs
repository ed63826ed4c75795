using MeetingBot.Meetings.Huawei;

namespace MeetingBot.Meetings.Tests.Huawei;

public class AppAuthSignatureTests
{
    private const string AppId = "app-4f2a91";
    private const string AppKey = "k3y-Fixture-Not-A-Secret";
    private const long ExpireTime = 1764140400;
    private const string Nonce = "8f3c0a9d2b7e4f16a5c1d8e9b0f2a3c4d5e6f708";

    // Computed independently of this code:
    // printf '%s' 'app-4f2a91:aad-0b1c2d3e-user:1764140400:8f3c...f708' | openssl dgst -sha256 -hmac 'k3y-Fixture-Not-A-Secret'
    [Fact]
    public void Compute_matches_an_independently_computed_vector() =>
        Assert.Equal(
            "7903cdef225afe263e8d571ce0b3f8122c76d3d600e7c5ab521235d75058980e",
            AppAuthSignature.Compute(AppId, "aad-0b1c2d3e-user", ExpireTime, Nonce, AppKey));

    // The documented administrator form "appId::expireTime:nonce" (empty userId), also computed with openssl.
    [Fact]
    public void Compute_signs_an_empty_user_id_as_two_adjacent_colons() =>
        Assert.Equal(
            "d6521d7f4736e2a80de81fbb21f9a6b9cb0acdc1429c24ff8ec546595fbfe15f",
            AppAuthSignature.Compute(AppId, string.Empty, ExpireTime, Nonce, AppKey));

    private const string SpAppId = "sp-app-77c1";
    private const string SpAppKey = "sp-K3y-Fixture-Not-A-Secret";

    // Service-provider form "appId:corpId:userId:expireTime:nonce", computed independently of this code:
    // printf '%s' 'sp-app-77c1:corp-contoso-001:aad-0b1c2d3e-user:1764140400:8f3c...f708' | openssl dgst -sha256 -hmac 'sp-K3y-Fixture-Not-A-Secret'
    [Theory]
    [InlineData("corp-contoso-001", "551330eb63fa6986c212b05a5aea109a824f8d9d04f105f7b7212059f00433e5")]
    [InlineData("corp-fabrikam-002", "60b786d6d734901f165ebc7e1531f73e150049f32c925a5b07a1e97b6ccf238c")]
    public void Compute_signs_the_corp_id_between_app_id_and_user_id_in_service_provider_mode(string corpId, string expected) =>
        Assert.Equal(expected, AppAuthSignature.Compute(SpAppId, corpId, "aad-0b1c2d3e-user", ExpireTime, Nonce, SpAppKey));

    // The same user id in two enterprises signs two different strings; and an empty user id keeps its colons (openssl too).
    [Fact]
    public void Compute_in_service_provider_mode_keeps_every_separator() =>
        Assert.Equal(
            "cd53c61e5d59d1419b6aaf7001efcc11e450560c4d276e730e3a8b20702fd758",
            AppAuthSignature.Compute(SpAppId, "corp-contoso-001", string.Empty, ExpireTime, Nonce, SpAppKey));

    [Fact]
    public void Compute_without_a_corp_id_is_the_single_enterprise_signature() =>
        Assert.Equal(
            "7903cdef225afe263e8d571ce0b3f8122c76d3d600e7c5ab521235d75058980e",
            AppAuthSignature.Compute(AppId, corpId: null, "aad-0b1c2d3e-user", ExpireTime, Nonce, AppKey));

    [Fact]
    public void AuthorizationParameter_carries_the_signature_and_the_base64_app_id() =>
        Assert.Equal("signature=abc123,access=YXBwLTRmMmE5MQ==", AppAuthSignature.AuthorizationParameter(AppId, "abc123"));

    [Fact]
    public void NewNonce_is_fresh_and_within_huawei_bounds()
    {
        var nonces = Enumerable.Range(0, 200).Select(_ => AppAuthSignature.NewNonce()).ToList();

        Assert.All(nonces, nonce =>
        {
            Assert.InRange(nonce.Length, AppAuthSignature.MinNonceLength, AppAuthSignature.MaxNonceLength);
            Assert.Matches("^[0-9a-f]+$", nonce);
        });
        Assert.Equal(nonces.Count, nonces.Distinct().Count());
    }
}
