using System.Net.Http;
using System.Text;

namespace Coroutines;

/// <summary>A complete HTTP response, read to its end before the future completes (see <see cref="Http.Get(string, double?, long?)"/>).</summary>
public sealed class HttpResult
{
    private string? _text;

    internal HttpResult(Uri url, int statusCode, string? reasonPhrase, IReadOnlyDictionary<string, IReadOnlyList<string>> headers, byte[] body, string? charset)
    {
        Url = url;
        StatusCode = statusCode;
        ReasonPhrase = reasonPhrase;
        Headers = headers;
        Body = body;
        Charset = charset;
    }

    /// <summary>The URL requested.</summary>
    public Uri Url { get; }

    /// <summary>The status code (200, 404, ...).</summary>
    public int StatusCode { get; }

    /// <summary>The status line's reason phrase, if the server sent one.</summary>
    public string? ReasonPhrase { get; }

    /// <summary><see langword="true"/> for a 2xx status.</summary>
    public bool IsSuccessStatusCode => StatusCode is >= 200 and <= 299;

    /// <summary>Response and content headers, names case-insensitive.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Headers { get; }

    /// <summary>The body bytes.</summary>
    public byte[] Body { get; }

    /// <summary>The charset named by <c>Content-Type</c>, if any.</summary>
    public string? Charset { get; }

    /// <summary>The body decoded with <see cref="Charset"/> (UTF-8 when absent or unknown).</summary>
    public string Text => _text ??= DecodeBody();

    /// <inheritdoc/>
    public override string ToString() => $"<HttpResult {StatusCode} {Url} {Body.Length} bytes>";

    internal static HttpResult From(Uri url, HttpResponseMessage response, byte[] body)
    {
        var headers = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (KeyValuePair<string, IEnumerable<string>> header in response.Headers.Concat(response.Content.Headers))
        {
            headers[header.Key] = header.Value.ToArray();
        }

        return new HttpResult(url, (int)response.StatusCode, response.ReasonPhrase, headers, body, response.Content.Headers.ContentType?.CharSet);
    }

    private string DecodeBody()
    {
        Encoding encoding = Encoding.UTF8;
        if (!string.IsNullOrEmpty(Charset))
        {
            try
            {
                encoding = Encoding.GetEncoding(Charset.Trim('"'));
            }
            catch (ArgumentException)
            {
                // An unknown charset: UTF-8 is the web's default.
            }
        }

        return encoding.GetString(Body);
    }
}
