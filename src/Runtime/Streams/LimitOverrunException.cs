namespace Coroutines;

/// <summary>
/// A read looking for a separator went past the reader's limit (asyncio's <c>LimitOverrunError</c>).
/// <see cref="Consumed"/> is how many bytes were examined; <c>ReadUntil</c> leaves them buffered.
/// </summary>
public class LimitOverrunException : Exception
{
    /// <summary>Creates the exception.</summary>
    public LimitOverrunException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public LimitOverrunException(string? message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    public LimitOverrunException(string? message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a message and the number of bytes examined.</summary>
    public LimitOverrunException(string? message, int consumed)
        : base(message)
    {
        Consumed = consumed;
    }

    /// <summary>How many bytes the read examined before giving up.</summary>
    public int Consumed { get; }
}
