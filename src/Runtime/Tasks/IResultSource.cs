namespace Coroutines;

/// <summary>A future that completes with a <typeparamref name="T"/>: <see cref="Future{T}"/> and <see cref="CoroutineTask{T}"/>
/// (which are siblings, not one another's base) — so combinators can read either's result.</summary>
internal interface IResultSource<out T>
{
    T GetResultValue();
}
