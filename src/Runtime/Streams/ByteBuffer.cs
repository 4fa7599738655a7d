namespace Coroutines;

/// <summary>
/// A growable FIFO of bytes: appended at the end, consumed from the front. Loop-bound, not thread-safe.
/// </summary>
/// <remarks>
/// Invariants: the live bytes are <c>_data[_start .. _start + _count)</c>; <c>_start</c> is 0 whenever the buffer
/// is empty. Space is reclaimed by sliding the live bytes to the front before growing, and a large backing array
/// is dropped once the buffer empties, so a burst does not pin its peak size for the life of a connection.
/// </remarks>
internal sealed class ByteBuffer
{
    private const int MinCapacity = 256;
    private const int RetainedCapacity = 256 * 1024;

    private byte[] _data = Array.Empty<byte>();
    private int _start;
    private int _count;

    /// <summary>How many bytes are buffered.</summary>
    public int Count => _count;

    /// <summary>The buffered bytes; valid until the next change.</summary>
    public ReadOnlySpan<byte> Span => _data.AsSpan(_start, _count);

    /// <summary>Appends a copy of <paramref name="data"/>.</summary>
    public void Append(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            return;
        }

        EnsureSpace(data.Length);
        data.CopyTo(_data.AsSpan(_start + _count));
        _count += data.Length;
    }

    /// <summary>Removes and returns the first <paramref name="n"/> bytes.</summary>
    public byte[] Take(int n)
    {
        // Uninitialized: every byte is overwritten at once, and zeroing 64 KiB per read showed in the streams load benchmark.
        byte[] taken = GC.AllocateUninitializedArray<byte>(n);
        _data.AsSpan(_start, n).CopyTo(taken);
        Skip(n);
        return taken;
    }

    /// <summary>Removes and returns everything.</summary>
    public byte[] TakeAll() => Take(_count);

    /// <summary>Drops the first <paramref name="n"/> bytes.</summary>
    public void Skip(int n)
    {
        if ((uint)n > (uint)_count)
        {
            throw new ArgumentOutOfRangeException(nameof(n));
        }

        _start += n;
        _count -= n;
        if (_count == 0)
        {
            _start = 0;
            if (_data.Length > RetainedCapacity)
            {
                _data = Array.Empty<byte>();
            }
        }
    }

    /// <summary>Drops everything.</summary>
    public void Clear() => Skip(_count);

    /// <summary>Copies up to <paramref name="destination"/>.Length bytes from the front, without removing them.</summary>
    public int Peek(Span<byte> destination)
    {
        int n = Math.Min(destination.Length, _count);
        _data.AsSpan(_start, n).CopyTo(destination);
        return n;
    }

    /// <summary>The index of <paramref name="separator"/> at or after <paramref name="from"/>, or -1.</summary>
    public int IndexOf(ReadOnlySpan<byte> separator, int from)
    {
        if (from >= _count)
        {
            return -1;
        }

        int found = _data.AsSpan(_start + from, _count - from).IndexOf(separator);
        return found < 0 ? -1 : from + found;
    }

    /// <summary><see langword="true"/> if the bytes at <paramref name="offset"/> are <paramref name="prefix"/>.</summary>
    public bool HasAt(int offset, ReadOnlySpan<byte> prefix) =>
        offset + prefix.Length <= _count && _data.AsSpan(_start + offset, prefix.Length).SequenceEqual(prefix);

    private void EnsureSpace(int extra)
    {
        if (_start + _count + extra <= _data.Length)
        {
            return;
        }

        if (_count + extra <= _data.Length && _start >= _data.Length / 2)
        {
            // Enough room once the consumed prefix is reclaimed, and sliding moves at most half the array.
            Buffer.BlockCopy(_data, _start, _data, 0, _count);
            _start = 0;
            return;
        }

        int capacity = Math.Max(Math.Max(MinCapacity, _data.Length * 2), _count + extra);
        var grown = new byte[capacity];
        Buffer.BlockCopy(_data, _start, grown, 0, _count);
        _data = grown;
        _start = 0;
    }
}
