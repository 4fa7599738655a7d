namespace Coroutines;

/// <summary>Raised by <see cref="AsyncQueue{T}.GetNowait"/> when the queue has no item (asyncio's <c>QueueEmpty</c>).</summary>
public class QueueEmptyException : InvalidOperationException
{
    /// <summary>Creates the exception with the default message.</summary>
    public QueueEmptyException() : base("The queue is empty.") { }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What went wrong.</param>
    public QueueEmptyException(string? message) : base(message ?? "The queue is empty.") { }

    /// <summary>Creates the exception with a message and the exception that caused it.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public QueueEmptyException(string? message, Exception? innerException) : base(message ?? "The queue is empty.", innerException) { }
}
