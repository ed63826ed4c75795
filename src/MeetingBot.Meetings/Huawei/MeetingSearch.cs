using System.Globalization;
using System.Text;

namespace MeetingBot.Meetings.Huawei;

/// <summary>
/// The query of one SearchMeetings call: <c>offset</c>, <c>limit</c> (at most 500), <c>searchKey</c> (1-128 characters),
/// <c>queryConfMode</c> and <c>sortType</c>; a null value is not sent (Huawei's default applies).
/// </summary>
internal sealed record MeetingSearch(
    int Offset = 0,
    int Limit = MeetingSearch.DefaultLimit,
    string? SearchKey = null,
    string? QueryConfMode = null,
    string? SortType = MeetingSearch.StartTimeAscending)
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 500;
    public const int MaxSearchKeyLength = 128;
    public const string StartTimeAscending = "ASC_StartTIME";
    public const string StartTimeDescending = "DSC_StartTIME";

    /// <summary>The request's query string, starting with <c>?</c>, every value escaped.</summary>
    public string ToQueryString()
    {
        var query = new StringBuilder();
        Append(query, "offset", Offset.ToString(CultureInfo.InvariantCulture));
        Append(query, "limit", Limit.ToString(CultureInfo.InvariantCulture));
        Append(query, "searchKey", SearchKey);
        Append(query, "queryConfMode", QueryConfMode);
        Append(query, "sortType", SortType);
        return query.ToString();
    }

    private static void Append(StringBuilder query, string name, string? value)
    {
        if (value is null)
        {
            return;
        }

        query.Append(query.Length == 0 ? '?' : '&').Append(name).Append('=').Append(Uri.EscapeDataString(value));
    }
}
