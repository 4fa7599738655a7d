namespace Coroutines.Internal;

/// <summary>A primitive's wait operation that is handed out again once finished; the task checks a yielded copy's use.</summary>
internal interface IRecycledWait
{
    /// <summary>The current use; a <see cref="Yield"/> made for an earlier one is stale.</summary>
    int Use { get; }
}
