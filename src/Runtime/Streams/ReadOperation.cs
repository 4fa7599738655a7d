namespace Coroutines;

internal enum ReadKind : byte
{
    Some,
    ToEnd,
    Exactly,
    Until,
    Line,
}

/// <summary>
/// One read of a <see cref="CoStreamReader"/> as a hand-written coroutine: each step tries to complete from the
/// buffer and otherwise parks on the reader's data waiter.
/// </summary>
/// <remarks>
/// Bytes are consumed inside <see cref="MoveNext(out Yield{byte[]})"/>, which runs on the reading task's own step,
/// never in the callback that delivers data. A cancellation raised at the suspension point therefore finds the
/// buffer untouched. A failure (the connection's exception, <see cref="IncompleteReadException"/>,
/// <see cref="LimitOverrunException"/>) is thrown out of <c>MoveNext</c>, which fails the coroutine.
/// </remarks>
internal sealed class ReadOperation : Coroutine<byte[]>
{
    private readonly CoStreamReader _reader;

    public ReadOperation(CoStreamReader reader, ReadKind kind, int count, byte[]? separator)
    {
        _reader = reader;
        Kind = kind;
        Count = count;
        Separator = separator;
    }

    public ReadKind Kind { get; }

    public int Count { get; }

    public byte[]? Separator { get; }

    /// <summary>Where the next separator search starts (asyncio's <c>offset</c> in <c>readuntil</c>).</summary>
    public int SearchFrom { get; set; }

    public override string Name => Kind switch
    {
        ReadKind.Some => "Read",
        ReadKind.ToEnd => "Read",
        ReadKind.Exactly => "ReadExactly",
        ReadKind.Until => "ReadUntil",
        _ => "ReadLine",
    };

    protected override bool MoveNext(out Yield<byte[]> yielded)
    {
        byte[]? result = _reader.TryRead(this);
        yielded = result is not null ? Co.Return(result) : _reader.WaitForData(Name);
        return true;
    }
}
