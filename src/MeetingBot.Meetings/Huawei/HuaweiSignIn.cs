namespace MeetingBot.Meetings.Huawei;

/// <summary>
/// One App ID authentication to perform: who (<see cref="UserId"/>, with the profile Huawei's address book receives),
/// into which enterprise. Carried on the request's options to <see cref="AppAuthSigningHandler"/>, which signs each attempt.
/// <see cref="ToString"/> shows neither the App Key nor the email.
/// </summary>
internal sealed record HuaweiSignIn(HuaweiEnterprise Enterprise, string UserId, string? UserName = null, string? UserEmail = null)
{
    public override string ToString() =>
        $"HuaweiSignIn {{ {Enterprise}, UserId = {UserId}, UserName = {(UserName is null ? "-" : "set")}, UserEmail = {(UserEmail is null ? "-" : "set")} }}";
}
