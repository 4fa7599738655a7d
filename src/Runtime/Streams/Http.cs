using System.Net.Http;

namespace Coroutines;

/// <summary>
/// A small HTTP client for coroutines, over one shared <see cref="HttpClient"/>. The request runs off the loop and
/// its outcome is marshalled back with <see cref="EventLoop.CallSoonThreadsafe(Action)"/>.
/// </summary>
public static class Http
{
    private static readonly HttpClient s_client = new(new SocketsHttpHandler
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
    })
    {
        Timeout = System.Threading.Timeout.InfiniteTimeSpan,
    };

    /// <summary>
    /// GETs <paramref name="url"/> and reads the whole body. Any status completes the future (check
    /// <see cref="HttpResult.StatusCode"/>); transport failures fail it with <see cref="HttpRequestException"/>.
    /// Past <paramref name="timeoutSeconds"/> (wall-clock time) the request is cancelled and the future fails with
    /// <see cref="TimeoutException"/>. Cancelling the future — which happens when the task waiting on it is
    /// cancelled — cancels the request.
    /// </summary>
    /// <param name="url">An absolute http or https URL.</param>
    /// <param name="timeoutSeconds">The whole exchange's time limit, or <see langword="null"/> for none.</param>
    public static Future<HttpResult> Get(string url, double? timeoutSeconds = null)
    {
        ArgumentNullException.ThrowIfNull(url);
        return Get(new Uri(url, UriKind.Absolute), timeoutSeconds);
    }

    /// <inheritdoc cref="Get(string, double?)"/>
    public static Future<HttpResult> Get(Uri url, double? timeoutSeconds = null)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (timeoutSeconds is double t && !(t > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(timeoutSeconds), timeoutSeconds, "The timeout must be positive.");
        }

        EventLoop loop = Co.GetRunningLoop();
        var future = new Future<HttpResult>(loop);
        var cancel = new CancellationTokenSource();
        bool finished = false; // loop thread only: the token source is disposed once the work reported back
        future.AddDoneCallback(f =>
        {
            if (f.Cancelled && !finished)
            {
                cancel.Cancel();
            }
        });
        if (timeoutSeconds is double seconds)
        {
            cancel.CancelAfter(TimeSpan.FromSeconds(seconds));
        }

        loop.BeginExternalWork();
        _ = SendAsync();
        return future;

        async Task SendAsync()
        {
            HttpResult? result = null;
            Exception? error = null;
            try
            {
                using HttpResponseMessage response = await s_client
                    .GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancel.Token)
                    .ConfigureAwait(false);
                byte[] body = await response.Content.ReadAsByteArrayAsync(cancel.Token).ConfigureAwait(false);
                result = HttpResult.From(url, response, body);
            }
            catch (OperationCanceledException ex) when (cancel.IsCancellationRequested)
            {
                // If the future was cancelled nobody reads this; otherwise only the deadline cancels.
                error = new TimeoutException($"GET {url} timed out after {timeoutSeconds} s.", ex);
            }
            catch (Exception ex)
            {
                error = ex;
            }

            if (!SocketTransport.TryPost(loop, () => Complete(result, error)))
            {
                loop.EndExternalWork();
                cancel.Dispose();
            }
        }

        void Complete(HttpResult? result, Exception? error)
        {
            loop.EndExternalWork();
            finished = true;
            cancel.Dispose();
            if (future.Done)
            {
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
}
