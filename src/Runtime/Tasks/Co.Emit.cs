namespace Coroutines;

public static partial class Co
{
    /// <summary>
    /// In an async generator template, hands <paramref name="item"/> to the coroutine that pulled it (asyncio's
    /// <c>yield item</c> in an <c>async def</c>): <c>yield return Emit(line);</c>. The generator pauses there until the next pull.
    /// </summary>
    public static Emit<T> Emit<T>(T item) => new(default, item, true);
}
