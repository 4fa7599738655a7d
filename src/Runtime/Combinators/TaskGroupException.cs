namespace Coroutines;

/// <summary>The failures of a <see cref="TaskGroup"/>'s tasks, reported together (asyncio's ExceptionGroup).</summary>
public sealed class TaskGroupException : AggregateException
{
    /// <summary>Creates the group from the failures, in the order they happened.</summary>
    public TaskGroupException(IEnumerable<Exception> failures)
        : this(failures.ToArray())
    {
    }

    private TaskGroupException(Exception[] failures)
        : base($"unhandled errors in a TaskGroup ({failures.Length} sub-exception{(failures.Length == 1 ? string.Empty : "s")})", failures)
    {
    }
}
