namespace Coroutines;

/// <summary>
/// A future or coroutine was used in a state that does not allow it: reading <c>Result</c> before it is
/// done, or setting the result of a future twice (asyncio's <c>InvalidStateError</c>).
/// </summary>
public class InvalidStateException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    public InvalidStateException() { }

    /// <summary>Creates the exception with a message.</summary>
    public InvalidStateException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    public InvalidStateException(string message, Exception innerException) : base(message, innerException) { }
}
