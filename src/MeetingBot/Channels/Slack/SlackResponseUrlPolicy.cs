using System.Net;
using Microsoft.Extensions.Options;

namespace MeetingBot.Channels.Slack;

/// <summary>
/// Decides where a delayed reply may be posted: only to Slack's webhook host over https, so a forged
/// <c>response_url</c> cannot turn the bot into a proxy for requests to other hosts. Loopback is allowed
/// only when <see cref="SlackOptions.AllowLoopbackResponseUrl"/> is set (tests, local tools).
/// </summary>
public sealed class SlackResponseUrlPolicy(IOptions<SlackOptions> options)
{
    public const string SlackWebhookHost = "hooks.slack.com";

    private readonly bool _allowLoopback = options.Value.AllowLoopbackResponseUrl;

    public bool IsAllowed(Uri? url)
    {
        if (url is null || !url.IsAbsoluteUri || !string.IsNullOrEmpty(url.UserInfo))
        {
            return false;
        }

        if (url.Scheme == Uri.UriSchemeHttps && url.IsDefaultPort
            && string.Equals(url.IdnHost, SlackWebhookHost, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return _allowLoopback
            && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps)
            && IsLoopbackHost(url);
    }

    private static bool IsLoopbackHost(Uri url) =>
        url.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6
            ? IPAddress.TryParse(url.IdnHost, out var address) && IPAddress.IsLoopback(address)
            : string.Equals(url.IdnHost, "localhost", StringComparison.OrdinalIgnoreCase);
}
