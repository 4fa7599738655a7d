using System.Net.Http;

namespace Coroutines;

/// <summary>
/// A response body larger than the limit given to <see cref="Http.Get(string, double?, long?)"/>: the request is
/// dropped at the first byte past the limit (or at once, when <c>Content-Length</c> already says so), so the rest is
/// never buffered. Read large bodies with <see cref="Http.GetStream(string, double?)"/> instead.
/// </summary>
public sealed class HttpBodyTooLargeException : HttpRequestException
{
    /// <summary>Creates the exception for <paramref name="url"/>.</summary>
    public HttpBodyTooLargeException(Uri url, long limit, long? declaredLength)
        : base(declaredLength is long declared
            ? $"GET {url}: the body is {declared} bytes (Content-Length), over the {limit}-byte limit."
            : $"GET {url}: the body grew past the {limit}-byte limit.")
    {
        Url = url;
        Limit = limit;
        DeclaredLength = declaredLength;
    }

    /// <summary>The URL requested.</summary>
    public Uri Url { get; }

    /// <summary>The limit in bytes.</summary>
    public long Limit { get; }

    /// <summary>The body length the server declared, if it did.</summary>
    public long? DeclaredLength { get; }
}
