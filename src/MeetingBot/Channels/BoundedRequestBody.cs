using Microsoft.AspNetCore.Http.Metadata;

namespace MeetingBot.Channels;

/// <summary>
/// The body-size limit an endpoint carries as its own metadata (honoured by Kestrel and by <see cref="BoundedRequestBody"/>).
/// Read when a request arrives, so the options it comes from are validated when the host starts, not when it is mapped.
/// </summary>
public sealed class BodySizeLimit(Func<long> limit) : IRequestSizeLimitMetadata
{
    public long? MaxRequestBodySize => limit();
}

/// <summary>
/// Reads a request body once, up to the limit its endpoint declares (<see cref="IRequestSizeLimitMetadata"/>), so the
/// exact bytes can be both checked and parsed. The one body reader of the app.
/// </summary>
public static class BoundedRequestBody
{
    /// <returns>
    /// The body, or null when it is larger than the endpoint's limit; then the response says <c>Connection: close</c>, as
    /// the rest of the body stays unread and Kestrel closes the connection after the answer: a client told so opens a new
    /// connection for its next request instead of sending it on one that is closing.
    /// </returns>
    public static async Task<byte[]?> ReadAsync(HttpContext context)
    {
        var body = await ReadWithinLimitAsync(context);
        if (body is null)
        {
            context.Response.Headers.Connection = "close";
        }

        return body;
    }

    private static async Task<byte[]?> ReadWithinLimitAsync(HttpContext context)
    {
        var limit = context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize
            ?? throw new InvalidOperationException($"The endpoint {context.GetEndpoint()?.DisplayName} declares no body size limit.");
        var request = context.Request;
        if (request.ContentLength > limit)
        {
            return null;
        }

        // One byte more than allowed, so an oversized body without a Content-Length is noticed.
        var buffer = new byte[(request.ContentLength ?? limit) + 1];
        var length = 0;
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(buffer.AsMemory(length), context.RequestAborted)) > 0)
            {
                length += read;
                if (length > limit)
                {
                    return null;
                }

                if (length == buffer.Length)
                {
                    Array.Resize(ref buffer, (int)Math.Min(limit + 1, buffer.Length * 2L));
                }
            }
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            // Kestrel enforces the same limit from the endpoint's metadata.
            return null;
        }

        return buffer.AsSpan(0, length).ToArray();
    }
}
