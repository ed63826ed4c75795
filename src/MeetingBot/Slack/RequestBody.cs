namespace MeetingBot.Slack;

/// <summary>Reads a request body once, up to a limit, so the exact bytes can be both verified and parsed.</summary>
internal static class RequestBody
{
    /// <returns>The body, or null when it is larger than <paramref name="limit"/> bytes.</returns>
    public static async Task<byte[]?> ReadAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            return null;
        }

        // One byte more than allowed, so an oversized body without a Content-Length is noticed.
        var buffer = new byte[(request.ContentLength ?? limit) + 1];
        var length = 0;
        int read;
        while ((read = await request.Body.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
        {
            length += read;
            if (length > limit)
            {
                return null;
            }
        }

        return buffer.AsSpan(0, length).ToArray();
    }
}
