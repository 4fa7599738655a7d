namespace Coroutines;

/// <summary>Raised by <see cref="AsyncBarrier.Wait"/> when the barrier is aborted or reset while tasks wait, or is broken on entry (asyncio's <c>BrokenBarrierError</c>).</summary>
public class BrokenBarrierException : InvalidOperationException
{
    /// <summary>Creates the exception with the default message.</summary>
    public BrokenBarrierException() : base("The barrier is broken.") { }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What went wrong.</param>
    public BrokenBarrierException(string? message) : base(message ?? "The barrier is broken.") { }

    /// <summary>Creates the exception with a message and the exception that caused it.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public BrokenBarrierException(string? message, Exception? innerException) : base(message ?? "The barrier is broken.", innerException) { }
}
