using System.Runtime.ExceptionServices;

namespace Coroutines;

/// <summary>
/// The cleanup a frame deferred, kept by its loop while the frame is alive: what is still to run (last registered
/// first) and, once the frame's body ended, how it ended (null: it succeeded). A cleanup that fails, or is cancelled,
/// replaces that outcome, as an exception from a <c>finally</c> block does.
/// </summary>
internal sealed class DeferredCleanup
{
    public List<Func<Coroutine>> Pending { get; } = new();

    public ExceptionDispatchInfo? Outcome;
}
