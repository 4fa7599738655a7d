using System.Threading.Tasks;

namespace Coroutines;

/// <summary>
/// What an async generator template (<c>IEnumerable&lt;Emit&lt;T&gt;&gt;</c>) yields: an item for the coroutine that
/// pulls it (<see cref="Co.Emit{T}(T)"/>), or any suspension point (a <see cref="Yield"/>, a coroutine, a future…).
/// </summary>
/// <typeparam name="T">The type of the items.</typeparam>
public readonly struct Emit<T>
{
    internal readonly Yield Awaited;
    internal readonly T Value;
    internal readonly bool IsItem;

    internal Emit(Yield awaited, T value, bool isItem)
    {
        Awaited = awaited;
        Value = value;
        IsItem = isItem;
    }

    /// <summary>Any suspension point.</summary>
    public static implicit operator Emit<T>(Yield awaited) => new(awaited, default!, false);

    /// <summary>Runs <paramref name="coroutine"/> inline to completion.</summary>
    public static implicit operator Emit<T>(Coroutine coroutine) => new((Yield)coroutine, default!, false);

    /// <summary>Resumes when <paramref name="future"/> is done.</summary>
    public static implicit operator Emit<T>(Future future) => new((Yield)future, default!, false);

    /// <summary>Resumes on the loop thread when <paramref name="task"/> completes.</summary>
    public static implicit operator Emit<T>(Task task) => new((Yield)task, default!, false);

    /// <inheritdoc/>
    public override string ToString() => IsItem ? $"Emit({Value})" : Awaited.ToString();
}
