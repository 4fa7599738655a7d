namespace Coroutines;

/// <summary>
/// The module-level functions of asyncio, as one static facade: <c>using static Coroutines.Co;</c>
/// brings <c>Sleep</c>, <c>Return</c>, <c>CreateTask</c>, <c>Run</c>, <c>Gather</c> and the rest into scope.
/// </summary>
/// <remarks>The members live in partial files beside the concept they belong to (Tasks/Co.Sleep.cs, Loop/Co.Run.cs, ...).</remarks>
public static partial class Co
{
}
