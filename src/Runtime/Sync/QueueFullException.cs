namespace Coroutines;

/// <summary>Raised by <see cref="AsyncQueue{T}.PutNowait"/> when a bounded queue holds <c>MaxSize</c> items (asyncio's <c>QueueFull</c>).</summary>
public class QueueFullException : InvalidOperationException
{
    /// <summary>Creates the exception with the default message.</summary>
    public QueueFullException() : base("The queue is full.") { }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What went wrong.</param>
    public QueueFullException(string? message) : base(message ?? "The queue is full.") { }

    /// <summary>Creates the exception with a message and the exception that caused it.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public QueueFullException(string? message, Exception? innerException) : base(message ?? "The queue is full.", innerException) { }
}
