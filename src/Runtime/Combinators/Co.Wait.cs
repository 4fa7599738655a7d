namespace Coroutines;

public static partial class Co
{
    /// <summary>
    /// asyncio.wait: waits until <paramref name="returnWhen"/> is met or <paramref name="timeout"/> seconds pass, then
    /// completes with the futures done and pending. It never cancels or rethrows: inspect <see cref="WaitResult{TFuture}.Done"/>.
    /// </summary>
    /// <exception cref="ArgumentException">No futures were given.</exception>
    public static Future<WaitResult> Wait(IEnumerable<Future> futures, double? timeout = null, ReturnWhen returnWhen = ReturnWhen.AllCompleted) =>
        WaitCore(futures, timeout, returnWhen, static all => new WaitResult(all));

    /// <summary>asyncio.wait over tasks given inline.</summary>
    public static Future<WaitResult> Wait(params Future[] futures) => Wait(futures, null, ReturnWhen.AllCompleted);

    /// <summary>
    /// asyncio.wait over a typed collection (tasks of one result type, say): <see cref="WaitResult{TFuture}.Done"/> and
    /// <see cref="WaitResult{TFuture}.Pending"/> keep the type, so <c>done[0].Result</c> needs no cast.
    /// </summary>
    /// <exception cref="ArgumentException">No futures were given.</exception>
    public static Future<WaitResult<TFuture>> Wait<TFuture>(IEnumerable<TFuture> futures, double? timeout = null, ReturnWhen returnWhen = ReturnWhen.AllCompleted)
        where TFuture : Future =>
        WaitCore(futures, timeout, returnWhen, static all => new WaitResult<TFuture>(all.Cast<TFuture>().ToArray()));

    private static Future<TResult> WaitCore<TResult>(IEnumerable<Future> futures, double? timeout, ReturnWhen returnWhen, Func<Future[], TResult> result)
    {
        ArgumentNullException.ThrowIfNull(futures);
        Future[] all = futures.Distinct(ReferenceEqualityComparer.Instance).Cast<Future>().ToArray();
        if (all.Length == 0)
        {
            throw new ArgumentException("Set of futures is empty.", nameof(futures));
        }

        EventLoop loop = GetRunningLoop();
        return new WaitingFuture<TResult>(loop, all, timeout, returnWhen, result);
    }

    private sealed class WaitingFuture<TResult> : Future<TResult>
    {
        private readonly Future[] _futures;
        private readonly ReturnWhen _returnWhen;
        private readonly TimerHandle? _timeout;
        private readonly Action<Future> _onCompletion;
        private readonly Func<Future[], TResult> _result;
        private int _remaining;

        public WaitingFuture(EventLoop loop, Future[] futures, double? timeout, ReturnWhen returnWhen, Func<Future[], TResult> result)
            : base(loop)
        {
            _result = result;
            _futures = futures;
            _returnWhen = returnWhen;
            _remaining = futures.Length;
            _onCompletion = OnCompletion;
            if (timeout is double seconds)
            {
                _timeout = loop.CallLater(seconds, Release);
            }

            foreach (Future future in futures)
            {
                future.AddDoneCallback(_onCompletion);
            }

            // Whoever waits on this is woken by Release; it then stops listening to the futures.
            AddDoneCallback(_ => Detach());
        }

        private void OnCompletion(Future future)
        {
            _remaining--;
            if (_remaining <= 0 ||
                _returnWhen == ReturnWhen.FirstCompleted ||
                (_returnWhen == ReturnWhen.FirstException && !future.Cancelled && future.IsFaulted))
            {
                Release();
            }
        }

        private void Release()
        {
            if (!Done)
            {
                SetResult(_result(_futures));
            }
        }

        private void Detach()
        {
            _timeout?.Cancel();
            foreach (Future future in _futures)
            {
                future.RemoveDoneCallback(_onCompletion);
            }
        }
    }
}
