using System.Threading.Tasks;

namespace Coroutines;

public static partial class Co
{
    /// <summary>
    /// An async generator over an <see cref="IAsyncEnumerable{T}"/> (an EF Core query, a response stream,
    /// <c>File.ReadLinesAsync</c>), pulled like any other from a template:
    /// <code>using (var rows = FromAsyncEnumerable(query))
    /// {
    ///     while (true)
    ///     {
    ///         yield return rows.Next();
    ///         if (rows.Ended) break;
    ///         Use(rows.Current);
    ///     }
    /// }</code>
    /// Each pull awaits the source's <c>MoveNextAsync</c> on the loop thread (an item already available costs no
    /// suspension). However the generator ends — the source runs out or fails, the consumer leaves early, the pulling
    /// task is cancelled — the source's enumerator is disposed before the consumer goes on: a <c>MoveNextAsync</c> still
    /// in flight is cancelled through its token and allowed to settle first, then <c>DisposeAsync</c> is awaited.
    /// </summary>
    /// <param name="source">The sequence to pull from.</param>
    /// <param name="cancellationToken">Passed to the source's enumerator along with the generator's own.</param>
    public static AsyncGenerator<T> FromAsyncEnumerable<T>(IAsyncEnumerable<T> source, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        return FromIterator(PullFrom(source, cancellationToken));
    }

    private static IEnumerable<Emit<T>> PullFrom<T>(IAsyncEnumerable<T> source, CancellationToken cancellationToken)
    {
        var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var items = source.GetAsyncEnumerator(stop.Token);
        Task<bool>? inFlight = null;
        yield return Defer(() => FromIterator(DisposeSource(items, stop, inFlight)));
        while (true)
        {
            var next = items.MoveNextAsync();
            if (!next.IsCompleted)
            {
                inFlight = next.AsTask();
                yield return inFlight;
                next = new ValueTask<bool>(inFlight);
                inFlight = null;
            }

            if (!next.GetAwaiter().GetResult())
            {
                yield break;
            }

            yield return Emit(items.Current);
        }
    }

    private static IEnumerable<Yield> DisposeSource<T>(IAsyncEnumerator<T> items, CancellationTokenSource stop, Task<bool>? inFlight)
    {
        try
        {
            if (inFlight is not null)
            {
                stop.Cancel();
                yield return Settle(inFlight);
            }

            yield return Await(items.DisposeAsync());
        }
        finally
        {
            stop.Dispose();
        }
    }
}
