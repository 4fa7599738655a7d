using System.Text;

namespace Coroutines;

/// <summary>
/// The reading half of a connection (asyncio's <c>StreamReader</c>): a buffer the socket fills and coroutines
/// read from. Loop-bound, not thread-safe. Every read returns a cold <see cref="Coroutine{T}"/>: yield it, then
/// read its <c>Result</c> (<c>var line = reader.ReadLine(); yield return line; byte[] bytes = line.Result;</c>).
/// </summary>
/// <remarks>
/// <para>Invariants: bytes leave the buffer only while a read coroutine runs on its task's own step, never when
/// data arrives. A task cancelled while it waits in a read therefore consumes nothing: whatever arrived stays
/// buffered for the next read, even when the data and the cancellation land in the same loop iteration.</para>
/// <para>Back-pressure (asyncio's pause_reading): once more than twice <see cref="Limit"/> bytes are buffered the
/// socket stops receiving; it resumes when reads bring the buffer down to <see cref="Limit"/>, or when a read
/// needs more bytes than are buffered (<see cref="ReadExactly(int)"/> of a large block).</para>
/// <para>Only one coroutine may wait for data at a time; a second gets <see cref="InvalidOperationException"/>.</para>
/// </remarks>
public sealed class CoStreamReader
{
    /// <summary>The default buffer limit: 64 KiB, as asyncio's.</summary>
    public const int DefaultLimit = 64 * 1024;

    private static readonly byte[] s_newline = { (byte)'\n' };

    private readonly EventLoop _loop;
    private readonly ByteBuffer _buffer = new();
    private Future<bool>? _waiter;
    private bool _receiveIntoWaiting;
    private Transport? _transport;
    private bool _eof;
    private bool _paused;
    private Exception? _exception;

    /// <summary>
    /// Creates a reader not attached to a socket, bound to <paramref name="loop"/> (the running loop by default);
    /// feed it with <see cref="FeedData(ReadOnlySpan{byte})"/> and <see cref="FeedEof"/>. Connections made by
    /// <see cref="Streams"/> create their own.
    /// </summary>
    /// <param name="limit">The buffer limit: separators are looked for within it, and the socket pauses past twice it.</param>
    /// <param name="loop">The loop the reader belongs to; the running loop when <see langword="null"/>.</param>
    public CoStreamReader(int limit = DefaultLimit, EventLoop? loop = null)
    {
        if (limit <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), limit, "The limit must be positive.");
        }

        Limit = limit;
        _loop = loop ?? Co.GetRunningLoop();
    }

    /// <summary>The buffer limit given at creation.</summary>
    public int Limit { get; }

    /// <summary><see langword="true"/> once the end of the stream was seen and the buffer is empty.</summary>
    public bool AtEof => _eof && _buffer.Count == 0;

    /// <summary>The failure of the connection (a reset surfaces here as a <see cref="System.Net.Sockets.SocketException"/>), or <see langword="null"/>.</summary>
    public Exception? Exception => _exception;

    /// <summary>How many bytes are buffered and not yet read.</summary>
    public int BufferedCount => _buffer.Count;

    /// <summary><see langword="true"/> while the socket is paused because the buffer is over twice the limit.</summary>
    public bool IsReadingPaused => _paused;

    /// <summary>Appends received bytes and wakes a waiting read. Called by the connection; public for readers fed by hand.</summary>
    /// <exception cref="InvalidOperationException">Data after <see cref="FeedEof"/>.</exception>
    public void FeedData(ReadOnlySpan<byte> data)
    {
        if (_eof)
        {
            throw new InvalidOperationException("FeedData after FeedEof.");
        }

        if (data.IsEmpty)
        {
            return;
        }

        _buffer.Append(data);
        WakeWaiter();
        if (_transport is not null && !_paused && _buffer.Count > 2 * Limit)
        {
            _paused = true;
            _transport.PauseReading();
        }
    }

    /// <summary>Marks the end of the stream and wakes a waiting read.</summary>
    public void FeedEof()
    {
        _eof = true;
        WakeWaiter();
    }

    /// <summary>Fails the stream: reads from now on throw <paramref name="exception"/>, and a waiting read wakes to throw it.</summary>
    public void SetException(Exception exception)
    {
        _exception = exception ?? throw new ArgumentNullException(nameof(exception));
        WakeWaiter();
    }

    /// <summary>
    /// Reads up to <paramref name="n"/> bytes: whatever is buffered (at most <paramref name="n"/>) once anything is,
    /// or an empty array at the end of the stream. With <paramref name="n"/> = -1 it reads until the end of the stream.
    /// </summary>
    public Coroutine<byte[]> Read(int n = -1)
    {
        if (n < -1)
        {
            throw new ArgumentOutOfRangeException(nameof(n), n, "n must be -1 or non-negative.");
        }

        return new ReadOperation(this, n < 0 ? ReadKind.ToEnd : ReadKind.Some, n, null);
    }

    /// <summary>
    /// Reads up to <paramref name="destination"/>.Length bytes into <paramref name="destination"/> and returns how many:
    /// whatever is buffered (at most that many) once anything is, or 0 at the end of the stream (asyncio's
    /// <c>sock_recv_into</c>). <see cref="Read(int)"/> returns a new array per read; this reads into memory the caller
    /// reuses, so a busy connection allocates nothing per read (the streams benchmark's <c>coroutines-into</c> server).
    /// Do not touch <paramref name="destination"/> until the read is done.
    /// </summary>
    public Coroutine<int> ReadInto(Memory<byte> destination) => new ReadIntoOperation(this, destination);

    /// <summary>
    /// Reads exactly <paramref name="n"/> bytes. If the stream ends first, it throws <see cref="IncompleteReadException"/>
    /// carrying the bytes that did arrive (consumed) and <paramref name="n"/>.
    /// </summary>
    public Coroutine<byte[]> ReadExactly(int n)
    {
        if (n < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(n), n, "n must be non-negative.");
        }

        return new ReadOperation(this, ReadKind.Exactly, n, null);
    }

    /// <summary>
    /// Reads up to and including <paramref name="separator"/>. Throws <see cref="LimitOverrunException"/> when the
    /// separator is not within <see cref="Limit"/> bytes (the data stays buffered), and
    /// <see cref="IncompleteReadException"/> (with what was buffered, consumed) when the stream ends first.
    /// </summary>
    public Coroutine<byte[]> ReadUntil(ReadOnlySpan<byte> separator)
    {
        if (separator.IsEmpty)
        {
            throw new ArgumentException("The separator must contain at least one byte.", nameof(separator));
        }

        return new ReadOperation(this, ReadKind.Until, 0, separator.ToArray());
    }

    /// <summary>Reads up to and including the byte <paramref name="separator"/> (see <see cref="ReadUntil(ReadOnlySpan{byte})"/>).</summary>
    public Coroutine<byte[]> ReadUntil(byte separator) => ReadUntil(new[] { separator });

    /// <summary>
    /// Reads a line ending in <c>\n</c> (included). At the end of the stream it returns the partial last line, or an
    /// empty array. A line longer than <see cref="Limit"/> is discarded (up to and including its <c>\n</c> if buffered,
    /// else the whole buffer) and <see cref="LimitOverrunException"/> is thrown, so the stream can go on.
    /// </summary>
    public Coroutine<byte[]> ReadLine() => new ReadOperation(this, ReadKind.Line, 0, s_newline);

    /// <summary>
    /// The stream's lines as an async generator (asyncio's <c>async for line in reader:</c>), decoded with
    /// <paramref name="encoding"/> (UTF-8 by default) and without their <c>\n</c> or <c>\r\n</c>; it ends at the end of
    /// the stream. Pull it: <c>yield return lines.Next(); if (lines.Ended) break;</c>. Each pull is one
    /// <see cref="ReadLine"/>, so a line past <see cref="Limit"/> fails that pull with <see cref="LimitOverrunException"/>.
    /// </summary>
    public AsyncGenerator<string> Lines(Encoding? encoding = null) => Co.FromIterator(ReadLines(encoding ?? Encoding.UTF8));

    private IEnumerable<Emit<string>> ReadLines(Encoding encoding)
    {
        while (true)
        {
            var line = ReadLine();
            yield return line;
            var bytes = line.Result.AsSpan();
            if (bytes.IsEmpty)
            {
                yield break;
            }

            bytes = bytes.EndsWith("\r\n"u8) ? bytes[..^2] : bytes.EndsWith("\n"u8) ? bytes[..^1] : bytes;
            yield return Co.Emit(encoding.GetString(bytes));
        }
    }

    /// <inheritdoc/>
    public override string ToString()
    {
        var info = new List<string>(4);
        if (_buffer.Count > 0)
        {
            info.Add($"{_buffer.Count} bytes");
        }

        if (_eof)
        {
            info.Add("eof");
        }

        if (Limit != DefaultLimit)
        {
            info.Add($"limit={Limit}");
        }

        if (_waiter is { Done: false })
        {
            info.Add("waiter");
        }

        if (_exception is not null)
        {
            info.Add($"exception={_exception.GetType().Name}");
        }

        if (_paused)
        {
            info.Add("paused");
        }

        return info.Count == 0 ? "<CoStreamReader>" : $"<CoStreamReader {string.Join(' ', info)}>";
    }

    internal void Attach(Transport transport) => _transport = transport;

    /// <summary>One step of a read: its result, or <see langword="null"/> when it must wait for more data.</summary>
    internal byte[]? TryRead(ReadOperation op)
    {
        if (_exception is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(_exception);
        }

        switch (op.Kind)
        {
            case ReadKind.Some:
                if (op.Count == 0)
                {
                    return Array.Empty<byte>();
                }

                if (_buffer.Count > 0)
                {
                    return Consume(Math.Min(op.Count, _buffer.Count));
                }

                return _eof ? Array.Empty<byte>() : null;

            case ReadKind.ToEnd:
                return _eof ? Consume(_buffer.Count) : null;

            case ReadKind.Exactly:
                if (_buffer.Count >= op.Count)
                {
                    return Consume(op.Count);
                }

                if (_eof)
                {
                    throw new IncompleteReadException(Consume(_buffer.Count), op.Count);
                }

                return null;

            case ReadKind.Until:
                return TryReadUntil(op);

            default:
                return TryReadLine(op);
        }
    }

    /// <summary>One step of <see cref="ReadInto"/>: how many bytes it copied, or <see langword="null"/> when it must wait.</summary>
    internal int? TryReadInto(Span<byte> destination)
    {
        if (_exception is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(_exception);
        }

        if (destination.IsEmpty)
        {
            return 0;
        }

        if (_buffer.Count > 0)
        {
            int n = _buffer.Peek(destination);
            _buffer.Skip(n);
            MaybeResume();
            return n;
        }

        if (_eof)
        {
            return 0;
        }

        // Nothing buffered: a socket can receive straight into the caller's memory, on this task's own step (so a
        // cancelled read still consumes nothing), without the copies through the buffer (benchmarks/streams.sh).
        if (_transport is { CanReceiveInto: true } transport)
        {
            int? received = transport.TryReceiveInto(destination);
            if (_exception is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(_exception);
            }

            if (received is not null)
            {
                return received;
            }

            _receiveIntoWaiting = true;
        }

        return null;
    }

    /// <summary>
    /// The socket became readable while a <see cref="ReadInto"/> waits to receive straight into its memory: wake it
    /// instead of filling the buffer. <see langword="false"/> when no such read waits (its task may have been
    /// cancelled meanwhile: then the bytes go to the buffer as usual).
    /// </summary>
    internal bool WakeReceiveInto()
    {
        bool waiting = _receiveIntoWaiting && _waiter is { Done: false };
        _receiveIntoWaiting = false;
        if (waiting)
        {
            WakeWaiter();
        }

        return waiting;
    }

    /// <summary>A future completed when data arrives, the stream ends or fails; it also resumes a paused socket,
    /// since the read that waits needs more bytes than are buffered.</summary>
    internal Future<bool> WaitForData(string operation)
    {
        if (_waiter is { Done: false })
        {
            throw new InvalidOperationException(
                $"{operation}() called while another coroutine is already waiting for incoming data.");
        }

        if (_paused)
        {
            _paused = false;
            _transport?.ResumeReading();
        }

        _waiter = new Future<bool>(_loop);
        return _waiter;
    }

    private byte[]? TryReadUntil(ReadOperation op)
    {
        // asyncio's readuntil: search only the bytes not searched yet (a separator may straddle the old end).
        byte[] separator = op.Separator!;
        int length = _buffer.Count;
        if (length - op.SearchFrom >= separator.Length)
        {
            int found = _buffer.IndexOf(separator, op.SearchFrom);
            if (found >= 0)
            {
                if (found > Limit)
                {
                    throw new LimitOverrunException("Separator is found, but chunk is longer than limit", found);
                }

                return Consume(found + separator.Length);
            }

            op.SearchFrom = length + 1 - separator.Length;
            if (op.SearchFrom > Limit)
            {
                throw new LimitOverrunException("Separator is not found, and chunk exceed the limit", op.SearchFrom);
            }
        }

        if (_eof)
        {
            throw new IncompleteReadException(Consume(_buffer.Count), null);
        }

        return null;
    }

    private byte[]? TryReadLine(ReadOperation op)
    {
        try
        {
            return TryReadUntil(op);
        }
        catch (IncompleteReadException ex)
        {
            return ex.Partial;
        }
        catch (LimitOverrunException ex)
        {
            // asyncio's readline: drop the overlong line so the stream stays usable.
            if (_buffer.HasAt(ex.Consumed, op.Separator))
            {
                _buffer.Skip(ex.Consumed + op.Separator!.Length);
            }
            else
            {
                _buffer.Clear();
            }

            MaybeResume();
            throw;
        }
    }

    private byte[] Consume(int n)
    {
        byte[] data = _buffer.Take(n);
        MaybeResume();
        return data;
    }

    private void MaybeResume()
    {
        if (_paused && _buffer.Count <= Limit)
        {
            _paused = false;
            _transport?.ResumeReading();
        }
    }

    private void WakeWaiter()
    {
        Future<bool>? waiter = _waiter;
        _waiter = null;
        if (waiter is { Done: false })
        {
            waiter.SetResult(true);
        }
    }
}
