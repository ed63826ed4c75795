using System.Net;

namespace MeetingBot.Hosting;

/// <summary>
/// The small pages the Teams app manifest links to (<c>websiteUrl</c>, <c>privacyUrl</c>, <c>termsOfUseUrl</c>),
/// served by the bot itself so the links in an installed app lead somewhere true.
/// </summary>
public static class AboutPagesExtensions
{
    private const string About =
        "MeetingBot starts a Huawei Cloud Meeting from your chat: send it <b>activate</b>, fill in the meeting ID and password, " +
        "and it answers with the meeting's region IP. Type <b>help</b> in the chat for its commands.";

    private const string Privacy =
        "MeetingBot keeps nothing on disk. In memory, and only until it restarts, it keeps each user's Huawei Cloud Meeting " +
        "access token (until shortly before it expires, or until the user sends <b>signout</b>), which forms of a conversation " +
        "were already used and the last meeting ID a user entered, and counters of failed attempts that protect meetings " +
        "from password guessing. Meeting passwords are sent to Huawei Cloud Meeting to start the meeting and are never " +
        "stored, logged or shown. For each activation attempt the operator's logs record who tried, which meeting, " +
        "the outcome and Huawei's request id.";

    private const string Terms =
        "MeetingBot is provided by your organisation's administrators to start Huawei Cloud Meetings you are entitled to start. " +
        "Do not use it to guess meeting passwords: repeated failures lock the meeting for you for a while and are logged.";

    public static WebApplication MapAboutPages(this WebApplication app)
    {
        app.MapGet("/", () => Page("MeetingBot", About));
        app.MapGet("/privacy", () => Page("MeetingBot privacy", Privacy));
        app.MapGet("/terms", () => Page("MeetingBot terms of use", Terms));
        return app;
    }

    private static IResult Page(string title, string paragraph) => Results.Content(
        $"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{WebUtility.HtmlEncode(title)}</title></head>" +
        $"<body><h1>{WebUtility.HtmlEncode(title)}</h1><p>{paragraph}</p></body></html>",
        "text/html; charset=utf-8");
}
