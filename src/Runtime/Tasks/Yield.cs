using System.Threading.Tasks;

namespace Coroutines;

/// <summary>
/// What a coroutine template yields: a suspension point. Build one with <see cref="Co.Sleep(double)"/>,
/// <see cref="Co.Return()"/>, <see cref="Co.Settle(Future)"/>, or by converting a <see cref="Coroutine"/>,
/// a <see cref="Future"/> or a <see cref="Task"/>. <c>default</c> gives way to the other ready callbacks.
/// </summary>
/// <remarks>
/// A small struct so that a suspension allocates nothing: the task reads it and parks itself
/// on whatever it names.
/// </remarks>
public readonly struct Yield
{
    internal readonly object? Target;
    internal readonly double Seconds;
    internal readonly YieldKind Kind;

    /// <summary>Wait without rethrowing a failure (see <see cref="Co.Settle(Future)"/>).</summary>
    internal readonly bool Settles;

    internal Yield(YieldKind kind, object? target, double seconds = 0, bool settles = false)
    {
        Kind = kind;
        Target = target;
        Seconds = seconds;
        Settles = settles;
    }

    /// <summary>Runs <paramref name="coroutine"/> inline to completion (asyncio's <c>yield from</c>).</summary>
    public static implicit operator Yield(Coroutine coroutine) =>
        new(YieldKind.Coroutine, coroutine ?? throw new ArgumentNullException(nameof(coroutine)));

    /// <summary>Resumes when <paramref name="future"/> is done.</summary>
    public static implicit operator Yield(Future future) =>
        new(YieldKind.Future, future ?? throw new ArgumentNullException(nameof(future)));

    /// <summary>Resumes on the loop thread when <paramref name="task"/> completes.</summary>
    public static implicit operator Yield(Task task) =>
        new(YieldKind.Task, task ?? throw new ArgumentNullException(nameof(task)));

    /// <summary>A wait that is already satisfied: the task continues at once, as <c>await</c> on a done future does in asyncio.</summary>
    internal static Yield Ready => new(YieldKind.Continue, null);

    internal Yield AsSettled() => new(Kind, Target, Seconds, settles: true);

    /// <inheritdoc/>
    public override string ToString() => Kind switch
    {
        YieldKind.GiveWay => "GiveWay",
        YieldKind.Sleep => FormattableString.Invariant($"Sleep({Seconds})"),
        YieldKind.Return => "Return",
        _ => $"{(Settles ? "Settle" : "Await")}({Target})",
    };
}
