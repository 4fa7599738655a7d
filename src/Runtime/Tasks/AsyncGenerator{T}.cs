namespace Coroutines;

/// <summary>
/// An async generator (asyncio's <c>async def</c> with <c>yield</c>): a template returning
/// <c>IEnumerable&lt;Emit&lt;T&gt;&gt;</c> produces items with suspension points between them, and the coroutine that
/// consumes it pulls them one at a time. The generator runs only when pulled (nothing is buffered), in the task of
/// the coroutine pulling it.
/// </summary>
/// <remarks>
/// <code>[Coroutine]
/// static IEnumerable&lt;Emit&lt;string&gt;&gt; Lines(CoStreamReader reader)
/// {
///     while (true)
///     {
///         var line = reader.ReadLine();
///         yield return line;
///         if (line.Result.Length == 0) yield break;
///         yield return Emit(line.Result);
///     }
/// }
///
/// // the consumer: asyncio's `async for line in lines(reader):`
/// using (var lines = LinesAsync(reader))
/// {
///     while (true)
///     {
///         yield return lines.Next();
///         if (lines.Ended) break;
///         Console.WriteLine(lines.Current);
///     }
/// }</code>
/// Leaving the <c>using</c> early (a <c>break</c>, a failure, a cancellation) closes the generator, so its
/// <c>finally</c> blocks run (asyncio's <c>aclose()</c>). From <c>async</c> code, <c>await foreach</c> over it.
/// </remarks>
/// <typeparam name="T">The type of the items.</typeparam>
public abstract class AsyncGenerator<T> : AsyncGenerator, IDisposable, IAsyncEnumerable<T>
{
    private T _current = default!;

    /// <summary>The item the last pull got.</summary>
    /// <exception cref="InvalidStateException">No pull got an item (not pulled yet, or <see cref="AsyncGenerator.Ended"/>).</exception>
    public T Current => HasItem ? _current : throw new InvalidStateException(Ended
        ? $"Async generator '{Name}' has ended: it has no current item."
        : $"Async generator '{Name}' has no item yet: yield return its Next() first.");

    /// <summary>Closes the generator (see <see cref="AsyncGenerator.Close"/>), as leaving <c>using</c> does.</summary>
    void IDisposable.Dispose() => Close();

    /// <summary>
    /// <c>await foreach</c> from ordinary <c>async</c> code (see <see cref="Co.FromAsyncEnumerable{T}"/> for the other
    /// way): each step pulls once on the caller's loop, or on a loop of its own thread when the caller has none;
    /// disposing closes the generator and waits for its cleanup. A generator is one stream: enumerate it once.
    /// </summary>
    IAsyncEnumerator<T> IAsyncEnumerable<T>.GetAsyncEnumerator(CancellationToken cancellationToken) =>
        new AsyncGeneratorEnumerator<T>(this, cancellationToken);

    /// <summary>Runs the template to its next suspension point or emission.</summary>
    /// <param name="yielded">What the template yielded: an item (<see cref="Co.Emit{T}(T)"/>) or a suspension point.</param>
    /// <returns><see langword="false"/> when the template ran to its end.</returns>
    protected abstract bool MoveNext(out Emit<T> yielded);

    /// <inheritdoc/>
    protected sealed override bool MoveNext(out Yield yielded)
    {
        if (!MoveNext(out Emit<T> typed))
        {
            yielded = default;
            return false;
        }

        if (typed.IsItem)
        {
            _current = typed.Value;
            HasItem = true;
            yielded = new Yield(YieldKind.Emit, this);
            return true;
        }

        yielded = typed.Awaited;
        return true;
    }
}
