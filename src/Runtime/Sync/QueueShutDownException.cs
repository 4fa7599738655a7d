namespace Coroutines;

/// <summary>Raised by puts, and by gets once the queue is empty, after <see cref="AsyncQueue{T}.Shutdown(bool)"/> (asyncio's <c>QueueShutDown</c>, Python 3.13).</summary>
public class QueueShutDownException : InvalidOperationException
{
    /// <summary>Creates the exception with the default message.</summary>
    public QueueShutDownException() : base("The queue is shut down.") { }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What went wrong.</param>
    public QueueShutDownException(string? message) : base(message ?? "The queue is shut down.") { }

    /// <summary>Creates the exception with a message and the exception that caused it.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public QueueShutDownException(string? message, Exception? innerException) : base(message ?? "The queue is shut down.", innerException) { }
}
