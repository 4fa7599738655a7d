namespace Coroutines;

/// <summary>
/// <see cref="CoStreamReader.ReadInto(Memory{byte})"/> as a hand-written coroutine: copies what is buffered into the
/// caller's memory, or parks on the reader's data waiter. Like <see cref="ReadOperation"/>, bytes leave the buffer only
/// on the reading task's own step, so a cancelled read consumes nothing.
/// </summary>
internal sealed class ReadIntoOperation : Coroutine<int>
{
    private readonly CoStreamReader _reader;
    private readonly Memory<byte> _destination;

    public ReadIntoOperation(CoStreamReader reader, Memory<byte> destination)
    {
        _reader = reader;
        _destination = destination;
    }

    public override string Name => "ReadInto";

    protected override bool MoveNext(out Yield<int> yielded)
    {
        int? read = _reader.TryReadInto(_destination.Span);
        yielded = read is int n ? Co.Return(n) : _reader.WaitForData(Name);
        return true;
    }
}
