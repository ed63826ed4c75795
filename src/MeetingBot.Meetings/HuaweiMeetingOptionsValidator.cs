using Microsoft.Extensions.Options;

namespace MeetingBot.Meetings;

/// <summary>Validates <see cref="HuaweiMeetingOptions"/> at start, naming each bad key the way configuration spells it.</summary>
internal sealed class HuaweiMeetingOptionsValidator : IValidateOptions<HuaweiMeetingOptions>
{
    /// <summary>Teams gives a bot 15 s for a turn; an activation must end well before.</summary>
    internal static readonly TimeSpan MaxActivationTimeout = TimeSpan.FromSeconds(14);

    public ValidateOptionsResult Validate(string? name, HuaweiMeetingOptions options)
    {
        const string Section = HuaweiMeetingOptions.SectionName;
        var failures = new List<string>();

        // In service-provider mode the main credentials sign in the tenants mapped to a corpId; entries with their own app need none.
        var needsMainApp = options.Mode == HuaweiMeetingMode.SingleEnterprise || options.Enterprises.Any(e => !e.HasOwnApp);
        if (needsMainApp && string.IsNullOrWhiteSpace(options.AppId))
        {
            failures.Add($"{Section}:AppId is missing (set it in configuration or the environment variable {Section}__AppId).");
        }

        if (needsMainApp && string.IsNullOrWhiteSpace(options.AppKey))
        {
            failures.Add($"{Section}:AppKey is missing (set it in user secrets or the environment variable {Section}__AppKey; never commit it).");
        }

        failures.AddRange(HuaweiEnterprisesValidation.Validate(options));

        if (options.BaseUrl is not { IsAbsoluteUri: true } url || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
        {
            failures.Add($"{Section}:BaseUrl must be an absolute http(s) URL.");
        }

        if (options.RequestTimeout <= TimeSpan.Zero || options.RequestTimeout > options.ActivationTimeout)
        {
            failures.Add($"{Section}:RequestTimeout must be positive and no longer than {Section}:ActivationTimeout.");
        }

        if (options.ActivationTimeout <= TimeSpan.Zero || options.ActivationTimeout > MaxActivationTimeout)
        {
            failures.Add($"{Section}:ActivationTimeout must be positive and at most {MaxActivationTimeout.TotalSeconds} s (Teams ends a turn at 15 s).");
        }

        if (options.MaxRetries is < 0 or > 5)
        {
            failures.Add($"{Section}:MaxRetries must be between 0 and 5.");
        }

        if (options.RetryBaseDelay < TimeSpan.Zero)
        {
            failures.Add($"{Section}:RetryBaseDelay must not be negative.");
        }

        if (options.TokenExpiryMargin < TimeSpan.Zero)
        {
            failures.Add($"{Section}:TokenExpiryMargin must not be negative.");
        }

        if (options.SignatureLifetime < TimeSpan.FromSeconds(30) || options.SignatureLifetime > TimeSpan.FromDays(1))
        {
            failures.Add($"{Section}:SignatureLifetime must be between 30 seconds and 1 day.");
        }

        if (options.EmailLookupTimeout <= TimeSpan.Zero || options.EmailLookupTimeout > TimeSpan.FromSeconds(5))
        {
            failures.Add($"{Section}:EmailLookupTimeout must be positive and at most 5 seconds (a sign-in never waits longer for the roster).");
        }

        if (options.TokenCacheSizeLimit < 1)
        {
            failures.Add($"{Section}:TokenCacheSizeLimit must be at least 1.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
