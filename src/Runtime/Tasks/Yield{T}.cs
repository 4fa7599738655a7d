using System.Threading.Tasks;

namespace Coroutines;

/// <summary>
/// What a coroutine template with a result yields: any <see cref="Yield"/>, or
/// <see cref="Co.Return{T}(T)"/> which completes the coroutine with a value.
/// </summary>
/// <typeparam name="T">The coroutine's result type.</typeparam>
public readonly struct Yield<T>
{
    internal readonly Yield Awaited;
    internal readonly T Value;

    internal Yield(Yield awaited, T value)
    {
        Awaited = awaited;
        Value = value;
    }

    internal bool IsReturn => Awaited.Kind == YieldKind.Return;

    /// <summary>Any suspension point of a result-less kind.</summary>
    public static implicit operator Yield<T>(Yield awaited) => new(awaited, default!);

    /// <summary>Runs <paramref name="coroutine"/> inline to completion.</summary>
    public static implicit operator Yield<T>(Coroutine coroutine) => new((Yield)coroutine, default!);

    /// <summary>Resumes when <paramref name="future"/> is done.</summary>
    public static implicit operator Yield<T>(Future future) => new((Yield)future, default!);

    /// <summary>Resumes on the loop thread when <paramref name="task"/> completes.</summary>
    public static implicit operator Yield<T>(Task task) => new((Yield)task, default!);

    /// <inheritdoc/>
    public override string ToString() => IsReturn ? $"Return({Value})" : Awaited.ToString();
}
