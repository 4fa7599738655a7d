using Coroutines.Sync;

namespace Coroutines;

/// <summary>
/// Releases a lock, condition or semaphore when disposed, once: the C# shape of asyncio's <c>async with</c>.
/// Acquire with a suspension point first, then open the <c>using</c> block:
/// <code>
/// yield return sem.Acquire();
/// using (sem.Releaser())
/// {
///     yield return Sleep(1);   // a yield inside using (or try/finally) is allowed
/// }
/// </code>
/// or <c>using var held = sem.Releaser();</c> right after the acquiring <c>yield return</c>. The acquire must come
/// before the <c>using</c>: if the waiting task is cancelled while it waits, nothing was acquired and nothing is
/// released; once the block is entered, a cancellation anywhere inside it unwinds through <see cref="Dispose"/>.
/// </summary>
/// <remarks>
/// A mutable struct: disposing the same variable twice releases once. A copy made before disposal is an
/// independent releaser, so do not copy it.
/// </remarks>
public struct AsyncReleaser : IDisposable
{
    private IReleasable? _target;

    internal AsyncReleaser(IReleasable target) => _target = target;

    /// <summary>Releases what was acquired, the first time it is called; later calls do nothing.</summary>
    public void Dispose()
    {
        IReleasable? target = _target;
        _target = null;
        target?.Release();
    }
}
