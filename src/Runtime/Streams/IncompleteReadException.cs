namespace Coroutines;

/// <summary>
/// The stream ended before a read could be satisfied (asyncio's <c>IncompleteReadError</c>, an EOF error):
/// <see cref="Partial"/> holds the bytes that did arrive, which the read consumed.
/// </summary>
public class IncompleteReadException : EndOfStreamException
{
    /// <summary>Creates the exception with no partial data.</summary>
    public IncompleteReadException()
        : this(Array.Empty<byte>(), null)
    {
    }

    /// <summary>Creates the exception with a message and no partial data.</summary>
    public IncompleteReadException(string? message)
        : base(message)
    {
        Partial = Array.Empty<byte>();
    }

    /// <summary>Creates the exception with a message, an inner exception and no partial data.</summary>
    public IncompleteReadException(string? message, Exception? innerException)
        : base(message, innerException)
    {
        Partial = Array.Empty<byte>();
    }

    /// <summary>Creates the exception for a read that got <paramref name="partial"/> and wanted <paramref name="expected"/> bytes.</summary>
    /// <param name="partial">The bytes read before the end of the stream.</param>
    /// <param name="expected">How many bytes the read wanted, or <see langword="null"/> when it waited for a separator.</param>
    public IncompleteReadException(byte[] partial, int? expected)
        : base(FormatMessage(partial, expected))
    {
        Partial = partial ?? throw new ArgumentNullException(nameof(partial));
        Expected = expected;
    }

    /// <summary>The bytes read before the stream ended.</summary>
    public byte[] Partial { get; }

    /// <summary>How many bytes were expected; <see langword="null"/> for a read up to a separator.</summary>
    public int? Expected { get; }

    private static string FormatMessage(byte[]? partial, int? expected) =>
        $"{partial?.Length ?? 0} bytes read on a total of {(expected is int n ? n.ToString(System.Globalization.CultureInfo.InvariantCulture) : "undefined")} expected bytes";
}
