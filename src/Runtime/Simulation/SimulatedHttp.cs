using System.Globalization;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;

namespace Coroutines;

/// <summary>
/// <see cref="Http"/> under simulation: an HTTP/1.1 exchange (<c>Connection: close</c>) over the simulated network's
/// streams, so that a client meets the simulated server with every latency and fault of its link. Same outcomes as the
/// real client: any status completes the future; a refused or reset connection fails it with
/// <see cref="HttpRequestException"/>; past the timeout (simulated time) with <see cref="TimeoutException"/>; a body
/// over the limit with <see cref="HttpBodyTooLargeException"/>. Bodies are read by Content-Length, chunked, or to the end.
/// </summary>
internal static class SimulatedHttp
{
    private const int HeaderLimit = 64 * 1024;

    public static Future<HttpResult> Get(Uri url, double seconds, long limit) =>
        WithDeadline(seconds, Exchange(url, limit, (response, body) => HttpResult.From(url, response, body)));

    /// <summary>The body is read before the stream is handed out: a simulated fault mid-body fails the open, not a pull.</summary>
    public static Future<HttpStream> GetStream(Uri url, double seconds, int chunkBytes) =>
        WithDeadline(seconds, Exchange(url, long.MaxValue, (response, body) =>
        {
            response.Content = CopyHeaders(response.Content, new ByteArrayContent(body));
            return new HttpStream(url, response, chunkBytes);
        }));

    /// <summary>The exchange as a future of the running loop, bounded by <paramref name="seconds"/> of simulated time
    /// (cancelling the future cancels the exchange and closes its connection).</summary>
    private static Future<T> WithDeadline<T>(double seconds, IEnumerable<Yield<T>> exchange) =>
        Co.WaitFor(Co.FromIterator(exchange), double.IsPositiveInfinity(seconds) ? null : seconds);

    private static IEnumerable<Yield<T>> Exchange<T>(Uri url, long limit, Func<HttpResponseMessage, byte[], T> make)
    {
        var open = Streams.OpenConnection(url.Host, url.Port);
        yield return Co.Settle(open);
        if (open.Exception is { } connectError)
        {
            throw new HttpRequestException($"{connectError.Message} ({url.Host}:{url.Port})", connectError);
        }

        var (reader, writer) = open.Result;
        try
        {
            writer.WriteString($"GET {url.PathAndQuery} HTTP/1.1\r\nHost: {url.Authority}\r\nConnection: close\r\n\r\n", Encoding.ASCII);
            var head = reader.ReadUntil("\r\n\r\n"u8);
            yield return Co.Settle(head);
            if (head.Exception is { } headError)
            {
                throw new HttpRequestException($"Reading the response of GET {url} failed: {headError.Message}", headError);
            }

            HttpResponseMessage response = ParseHead(url, head.Result);
            long? declared = response.Content.Headers.ContentLength;
            if (declared > limit)
            {
                throw new HttpBodyTooLargeException(url, limit, declared);
            }

            var body = new MemoryStream();
            bool chunked = response.Headers.TransferEncodingChunked == true;
            while (declared is null || body.Length < declared)
            {
                Coroutine<byte[]> read;
                if (chunked)
                {
                    var sizeLine = reader.ReadLine();
                    yield return Co.Settle(sizeLine);
                    int size = sizeLine.Exception is null ? ParseChunkSize(url, sizeLine.Result) : 0;
                    read = sizeLine.Exception is not null ? sizeLine : reader.ReadExactly(size + 2);
                }
                else
                {
                    read = reader.Read(declared is long exact ? (int)Math.Min(exact - body.Length, 64 * 1024) : 64 * 1024);
                }

                yield return Co.Settle(read);
                if (read.Exception is { } bodyError)
                {
                    throw new HttpRequestException($"Reading the body of GET {url} failed: {bodyError.Message}", bodyError);
                }

                byte[] bytes = read.Result;
                int length = chunked ? bytes.Length - 2 : bytes.Length;
                if (length == 0)
                {
                    if (declared is not null && !chunked)
                    {
                        throw new HttpRequestException($"GET {url}: the connection closed after {body.Length} of {declared} body bytes.");
                    }

                    break;
                }

                if (body.Length + length > limit)
                {
                    throw new HttpBodyTooLargeException(url, limit, null);
                }

                body.Write(bytes, 0, length);
            }

            yield return Co.Return(make(response, body.ToArray()));
        }
        finally
        {
            writer.Close();
        }
    }

    private static HttpResponseMessage ParseHead(Uri url, byte[] head)
    {
        string[] lines = Encoding.Latin1.GetString(head).Split("\r\n");
        string[] status = lines[0].Split(' ', 3);
        if (status.Length < 2 || !status[0].StartsWith("HTTP/1.", StringComparison.Ordinal) ||
            !int.TryParse(status[1], NumberStyles.None, CultureInfo.InvariantCulture, out int code))
        {
            throw new HttpRequestException($"GET {url}: not an HTTP/1.x response ({lines[0]}).");
        }

        var response = new HttpResponseMessage((HttpStatusCode)code)
        {
            ReasonPhrase = status.Length > 2 ? status[2] : null,
            Content = new ByteArrayContent(Array.Empty<byte>()),
        };
        foreach (string line in lines.Skip(1).Where(l => l.Length > 0))
        {
            int colon = line.IndexOf(':');
            if (colon <= 0)
            {
                throw new HttpRequestException($"GET {url}: malformed header line ({line}).");
            }

            string name = line[..colon].Trim();
            string value = line[(colon + 1)..].Trim();
            if (!response.Headers.TryAddWithoutValidation(name, value))
            {
                response.Content.Headers.TryAddWithoutValidation(name, value);
            }
        }

        return response;
    }

    private static int ParseChunkSize(Uri url, byte[] line)
    {
        string text = Encoding.ASCII.GetString(line).Trim();
        int extension = text.IndexOf(';');
        return int.TryParse(extension < 0 ? text : text[..extension], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out int size)
            ? size
            : throw new HttpRequestException($"GET {url}: malformed chunk size ({text}).");
    }

    private static HttpContent CopyHeaders(HttpContent from, HttpContent to)
    {
        foreach (KeyValuePair<string, IEnumerable<string>> header in from.Headers)
        {
            to.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        return to;
    }
}
