using System.Net.Http;
using System.Runtime.CompilerServices;

namespace Coroutines;

/// <summary>
/// A response whose status and headers are in and whose body is still on the wire (see
/// <see cref="Http.GetStream(string, double?)"/>): pull it with <see cref="Chunks"/>.
/// <code>var opening = Http.GetStream(url);
/// yield return opening;
/// using var response = opening.Result;
/// var chunks = response.Chunks();
/// yield return Defer(chunks.CloseAsync);
/// while (true)
/// {
///     yield return chunks.Next();
///     if (chunks.Ended) break;
///     hash.AppendData(chunks.Current);
/// }</code>
/// </summary>
public sealed class HttpStream : IDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly int _chunkBytes;
    private bool _pulled;

    internal HttpStream(Uri url, HttpResponseMessage response, int chunkBytes)
    {
        Url = url;
        _response = response;
        _chunkBytes = chunkBytes;
        StatusCode = (int)response.StatusCode;
        var headers = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (KeyValuePair<string, IEnumerable<string>> header in response.Headers.Concat(response.Content.Headers))
        {
            headers[header.Key] = header.Value.ToArray();
        }

        Headers = headers;
    }

    /// <summary>The URL requested.</summary>
    public Uri Url { get; }

    /// <summary>The status code (200, 404, ...).</summary>
    public int StatusCode { get; }

    /// <summary><see langword="true"/> for a 2xx status.</summary>
    public bool IsSuccessStatusCode => StatusCode is >= 200 and <= 299;

    /// <summary>Response and content headers, names case-insensitive.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Headers { get; }

    /// <summary>The body length the server declared, if it did.</summary>
    public long? ContentLength => _response.Content.Headers.ContentLength;

    /// <summary>
    /// The body as an async generator of chunks (at most 64 KiB each, each a new array), read as they arrive; it ends
    /// with the body. However it ends — its end, a failure, a close, a cancellation — the response is released.
    /// One stream: call it once.
    /// </summary>
    /// <exception cref="InvalidOperationException">Called a second time.</exception>
    public AsyncGenerator<byte[]> Chunks()
    {
        if (_pulled)
        {
            throw new InvalidOperationException($"The body of {Url} is already being read: Chunks() gives one stream.");
        }

        _pulled = true;
        return Co.FromAsyncEnumerable(ReadChunks());
    }

    /// <summary>Releases the response and its connection; chunks not yet pulled are dropped.</summary>
    public void Dispose() => _response.Dispose();

    /// <inheritdoc/>
    public override string ToString() => $"<HttpStream {StatusCode} {Url}>";

    private async IAsyncEnumerable<byte[]> ReadChunks([EnumeratorCancellation] CancellationToken token = default)
    {
        try
        {
            Stream body = await _response.Content.ReadAsStreamAsync(token).ConfigureAwait(false);
            var buffer = new byte[_chunkBytes];
            while (true)
            {
                int read = await body.ReadAsync(buffer, token).ConfigureAwait(false);
                if (read == 0)
                {
                    yield break;
                }

                yield return buffer.AsSpan(0, read).ToArray();
            }
        }
        finally
        {
            _response.Dispose();
        }
    }
}
