namespace Coroutines;

/// <summary>
/// Raised at a suspension point when the task is cancelled (asyncio's <c>CancelledError</c>).
/// Derives from <see cref="OperationCanceledException"/> so ordinary .NET code recognises it.
/// </summary>
public class CancelledException : OperationCanceledException
{
    /// <summary>Creates the exception with the default message.</summary>
    public CancelledException() : base("The coroutine was cancelled.") { }

    /// <summary>Creates the exception with the message given to <c>Cancel(msg)</c>.</summary>
    public CancelledException(string? message) : base(message ?? "The coroutine was cancelled.") { }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    public CancelledException(string? message, Exception? innerException)
        : base(message ?? "The coroutine was cancelled.", innerException) { }
}
