using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Coroutines;

/// <summary>
/// The writing half of a connection (asyncio's <c>StreamWriter</c>). Loop-bound, not thread-safe.
/// <see cref="Write(ReadOnlySpan{byte})"/> never blocks: it sends what the socket takes at once and buffers the
/// rest; yield <see cref="Drain"/> after writing so that a slow peer throttles the writer instead of growing the
/// buffer without bound.
/// </summary>
/// <remarks>
/// Flow control (asyncio's high/low water marks, 64 KiB / 16 KiB by default): once more than the high mark is
/// buffered, <see cref="Drain"/> waits until the buffer is down to the low mark; below the high mark it is already
/// done. A lost connection makes <see cref="Drain"/> throw its failure (a <see cref="SocketException"/>, or an
/// <see cref="IOException"/> "Connection lost" after an orderly close); writes to a connection lost by a reset or
/// an error are dropped, as asyncio does, while a write after this side's own <see cref="Close"/> or
/// <see cref="Abort"/> is a bug and throws.
/// </remarks>
public sealed class CoStreamWriter
{
    private readonly Transport _transport;
    private readonly CoStreamReader _reader;

    internal CoStreamWriter(Transport transport, CoStreamReader reader)
    {
        _transport = transport;
        _reader = reader;
    }

    /// <summary>The reader of the same connection.</summary>
    public CoStreamReader Reader => _reader;

    /// <summary>The peer's address (asyncio's <c>get_extra_info("peername")</c>).</summary>
    public EndPoint? RemoteEndPoint => _transport.RemoteEndPoint;

    /// <summary>This side's address (asyncio's <c>get_extra_info("sockname")</c>).</summary>
    public EndPoint? LocalEndPoint => _transport.LocalEndPoint;

    /// <summary>A TCP connection can always half-close.</summary>
    public bool CanWriteEof => true;

    /// <summary><see langword="true"/> once <see cref="Close"/> was called or the connection was lost.</summary>
    public bool IsClosing => _transport.IsClosing;

    /// <summary>Bytes accepted by <see cref="Write(ReadOnlySpan{byte})"/> and not yet handed to the socket (in flight included).</summary>
    public int WriteBufferSize => _transport.WriteBufferSize;

    /// <summary>The high water mark: above it, <see cref="Drain"/> waits.</summary>
    public int HighWater => _transport.HighWater;

    /// <summary>The low water mark: a waiting <see cref="Drain"/> completes once the buffer is down to it.</summary>
    public int LowWater => _transport.LowWater;

    /// <summary>
    /// asyncio's <c>get_extra_info</c>: <c>"peername"</c>, <c>"sockname"</c> (end points) or <c>"socket"</c>;
    /// <paramref name="defaultValue"/> for other names.
    /// </summary>
    public object? GetExtraInfo(string name, object? defaultValue = null) => name switch
    {
        "peername" => RemoteEndPoint,
        "sockname" => LocalEndPoint,
        "socket" => _transport.Socket,
        _ => defaultValue,
    };

    /// <summary>Sets the water marks (asyncio's <c>set_write_buffer_limits</c>); <paramref name="low"/> defaults to a quarter of <paramref name="high"/>.</summary>
    public void SetWriteBufferLimits(int high = Transport.DefaultHighWater, int? low = null) =>
        _transport.SetWriteBufferLimits(high, low ?? high / 4);

    /// <summary>Queues <paramref name="data"/> (copied) for sending.</summary>
    /// <exception cref="InvalidOperationException">After <see cref="WriteEof"/>, <see cref="Close"/> or <see cref="Abort"/>.</exception>
    public void Write(ReadOnlySpan<byte> data)
    {
        _transport.Loop.CheckThread();
        _transport.Write(data);
    }

    /// <summary>Queues <paramref name="data"/> (copied) for sending.</summary>
    public void Write(byte[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        Write(data.AsSpan());
    }

    /// <summary>Queues <paramref name="text"/> encoded as UTF-8 (or <paramref name="encoding"/>).</summary>
    public void WriteString(string text, Encoding? encoding = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        Write((encoding ?? Encoding.UTF8).GetBytes(text));
    }

    /// <summary>Queues <paramref name="line"/> and a <c>\n</c>, encoded as UTF-8 (or <paramref name="encoding"/>).</summary>
    public void WriteLine(string line, Encoding? encoding = null)
    {
        ArgumentNullException.ThrowIfNull(line);
        WriteString(line + "\n", encoding);
    }

    /// <summary>
    /// A future done when it is fine to write more: at once below the high water mark, else once the buffer is down
    /// to the low mark. Fails with the connection's failure. Cancelling it (with its task) loses no data.
    /// </summary>
    public Future Drain()
    {
        _transport.Loop.CheckThread();
        return _transport.Drain();
    }

    /// <summary>Half-closes: sends FIN once the buffered bytes are out; reading goes on.</summary>
    public void WriteEof() => _transport.WriteEof();

    /// <summary>Closes the connection once the buffered bytes are sent; the reader then sees the end of the stream.</summary>
    public void Close() => _transport.Close();

    /// <summary>Closes at once, dropping the buffered bytes.</summary>
    public void Abort() => _transport.Abort();

    /// <summary>A future done once the connection is closed (after <see cref="Close"/>, an error or <see cref="Abort"/>).</summary>
    public Future WaitClosed() => _transport.WaitClosed();

    /// <summary>
    /// Closes and waits until the connection is closed (asyncio's <c>writer.close(); await writer.wait_closed()</c>).
    /// Made for async cleanup: <c>yield return Defer(writer.CloseAndWait);</c> closes the connection however the
    /// coroutine ends, cancellation included.
    /// </summary>
    public Coroutine CloseAndWait() => Co.FromIterator(CloseThenWait());

    private IEnumerable<Yield> CloseThenWait()
    {
        Close();
        yield return WaitClosed();
    }

    /// <inheritdoc/>
    public override string ToString() =>
        $"<CoStreamWriter peer={RemoteEndPoint}{(IsClosing ? " closing" : string.Empty)} buffered={WriteBufferSize}>";
}
