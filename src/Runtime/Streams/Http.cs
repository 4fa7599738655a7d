using System.Buffers;
using System.Net.Http;

namespace Coroutines;

/// <summary>
/// A small HTTP client for coroutines, over one shared <see cref="HttpClient"/>. The request runs off the loop and
/// its outcome is marshalled back with <see cref="EventLoop.CallSoonThreadsafe(Action)"/>. Every request has a
/// deadline (<see cref="DefaultTimeoutSeconds"/> unless given one) and <see cref="Get(string, double?, long?)"/> a
/// body limit (<see cref="DefaultMaxBodyBytes"/>); <see cref="GetStream(string, double?)"/> hands a body of any size
/// out in chunks instead. Under a <see cref="Simulation"/> the request goes over its in-memory network instead, as
/// HTTP/1.1, and the deadline is simulated time.
/// </summary>
public static class Http
{
    private const int ChunkBytes = 64 * 1024;

    private static readonly HttpClient s_client = new(new SocketsHttpHandler
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
    })
    {
        Timeout = System.Threading.Timeout.InfiniteTimeSpan,
    };

    private static double s_defaultTimeoutSeconds = 100;
    private static long s_defaultMaxBodyBytes = 64L * 1024 * 1024;

    /// <summary>
    /// The deadline of a request given no timeout, in seconds: 100, <see cref="HttpClient.Timeout"/>'s default.
    /// <see cref="double.PositiveInfinity"/> for none.
    /// </summary>
    public static double DefaultTimeoutSeconds
    {
        get => s_defaultTimeoutSeconds;
        set => s_defaultTimeoutSeconds = value > 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "The timeout must be positive.");
    }

    /// <summary>The body limit of <see cref="Get(string, double?, long?)"/> given none: 64 MiB.</summary>
    public static long DefaultMaxBodyBytes
    {
        get => s_defaultMaxBodyBytes;
        set => s_defaultMaxBodyBytes = value > 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "The limit must be positive.");
    }

    /// <summary>
    /// GETs <paramref name="url"/> and reads the whole body. Any status completes the future (check
    /// <see cref="HttpResult.StatusCode"/>); transport failures fail it with <see cref="HttpRequestException"/>.
    /// Past the timeout (wall-clock time) the request is cancelled and the future fails with
    /// <see cref="TimeoutException"/>; a body over the limit fails it with <see cref="HttpBodyTooLargeException"/>
    /// without reading the rest. Cancelling the future — which happens when the task waiting on it is cancelled —
    /// cancels the request.
    /// </summary>
    /// <param name="url">An absolute http or https URL.</param>
    /// <param name="timeoutSeconds">The whole exchange's time limit; <see cref="DefaultTimeoutSeconds"/> when
    /// <see langword="null"/>, none when <see cref="double.PositiveInfinity"/>.</param>
    /// <param name="maxBodyBytes">The largest body to buffer; <see cref="DefaultMaxBodyBytes"/> when <see langword="null"/>.</param>
    public static Future<HttpResult> Get(string url, double? timeoutSeconds = null, long? maxBodyBytes = null)
    {
        ArgumentNullException.ThrowIfNull(url);
        return Get(new Uri(url, UriKind.Absolute), timeoutSeconds, maxBodyBytes);
    }

    /// <inheritdoc cref="Get(string, double?, long?)"/>
    public static Future<HttpResult> Get(Uri url, double? timeoutSeconds = null, long? maxBodyBytes = null)
    {
        ArgumentNullException.ThrowIfNull(url);
        long limit = maxBodyBytes ?? DefaultMaxBodyBytes;
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit, nameof(maxBodyBytes));
        if (Co.GetRunningLoop().Simulation is not null)
        {
            return SimulatedHttp.Get(url, ValidTimeout(timeoutSeconds), limit);
        }

        return Send(url, timeoutSeconds, async (response, token) =>
        {
            using (response)
            {
                byte[] body = await ReadBodyAsync(response.Content, url, limit, token).ConfigureAwait(false);
                return HttpResult.From(url, response, body);
            }
        });
    }

    /// <summary>
    /// GETs <paramref name="url"/> and completes once the status and headers are in; the body is then pulled in
    /// chunks as it arrives (<see cref="HttpStream.Chunks"/>), so a body of any size costs one chunk of memory. The
    /// timeout covers the wait for the headers; give each pull its own (<c>WaitFor(chunks.Next(), 5)</c>). Dispose the
    /// stream, or let the chunks end, to release the connection.
    /// </summary>
    /// <param name="url">An absolute http or https URL.</param>
    /// <param name="timeoutSeconds">The time limit until the headers; <see cref="DefaultTimeoutSeconds"/> when
    /// <see langword="null"/>, none when <see cref="double.PositiveInfinity"/>.</param>
    public static Future<HttpStream> GetStream(string url, double? timeoutSeconds = null)
    {
        ArgumentNullException.ThrowIfNull(url);
        return GetStream(new Uri(url, UriKind.Absolute), timeoutSeconds);
    }

    /// <inheritdoc cref="GetStream(string, double?)"/>
    public static Future<HttpStream> GetStream(Uri url, double? timeoutSeconds = null)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (Co.GetRunningLoop().Simulation is not null)
        {
            return SimulatedHttp.GetStream(url, ValidTimeout(timeoutSeconds), ChunkBytes);
        }

        return Send(url, timeoutSeconds, (response, _) => Task.FromResult(new HttpStream(url, response, ChunkBytes)));
    }

    private static Future<T> Send<T>(Uri url, double? timeoutSeconds, Func<HttpResponseMessage, CancellationToken, Task<T>> read)
        where T : class
    {
        double seconds = ValidTimeout(timeoutSeconds);
        EventLoop loop = Co.GetRunningLoop();
        var future = new Future<T>(loop);
        var cancel = new CancellationTokenSource();
        bool finished = false; // loop thread only: the token source is disposed once the work reported back
        future.AddDoneCallback(f =>
        {
            if (f.Cancelled && !finished)
            {
                cancel.Cancel();
            }
        });
        if (!double.IsPositiveInfinity(seconds))
        {
            cancel.CancelAfter(TimeSpan.FromSeconds(seconds));
        }

        loop.BeginExternalWork();
        _ = SendAsync();
        return future;

        async Task SendAsync()
        {
            T? result = null;
            Exception? error = null;
            try
            {
                HttpResponseMessage response = await s_client
                    .GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancel.Token)
                    .ConfigureAwait(false);
                result = await read(response, cancel.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException ex) when (cancel.IsCancellationRequested)
            {
                // If the future was cancelled nobody reads this; otherwise only the deadline cancels.
                error = new TimeoutException($"GET {url} timed out after {seconds} s.", ex);
            }
            catch (Exception ex)
            {
                error = ex;
            }

            if (!SocketTransport.TryPost(loop, () => Complete(result, error)))
            {
                loop.EndExternalWork();
                cancel.Dispose();
                (result as IDisposable)?.Dispose();
            }
        }

        void Complete(T? result, Exception? error)
        {
            loop.EndExternalWork();
            finished = true;
            cancel.Dispose();
            if (future.Done)
            {
                // Cancelled while the response was on its way: nobody will read it.
                (result as IDisposable)?.Dispose();
                return;
            }

            if (error is not null)
            {
                future.SetException(error);
            }
            else
            {
                future.SetResult(result!);
            }
        }
    }

    private static double ValidTimeout(double? timeoutSeconds)
    {
        double seconds = timeoutSeconds ?? DefaultTimeoutSeconds;
        return seconds > 0
            ? seconds
            : throw new ArgumentOutOfRangeException(nameof(timeoutSeconds), timeoutSeconds, "The timeout must be positive.");
    }

    private static async Task<byte[]> ReadBodyAsync(HttpContent content, Uri url, long limit, CancellationToken token)
    {
        long? declared = content.Headers.ContentLength;
        if (declared > limit)
        {
            throw new HttpBodyTooLargeException(url, limit, declared);
        }

        Stream stream = await content.ReadAsStreamAsync(token).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            if (declared is long exact)
            {
                var body = new byte[exact];
                await stream.ReadExactlyAsync(body, token).ConfigureAwait(false);
                return body;
            }

            var buffered = new ArrayBufferWriter<byte>();
            while (true)
            {
                Memory<byte> free = buffered.GetMemory(ChunkBytes);
                int read = await stream.ReadAsync(free, token).ConfigureAwait(false);
                if (read == 0)
                {
                    return buffered.WrittenSpan.ToArray();
                }

                if (buffered.WrittenCount + (long)read > limit)
                {
                    throw new HttpBodyTooLargeException(url, limit, null);
                }

                buffered.Advance(read);
            }
        }
    }
}
