namespace Coroutines.Generator.Tests.Infrastructure;

/// <summary>Runs a coroutine on a virtual-time loop and records everything observable, in order.</summary>
internal static class Trace
{
    /// <summary>
    /// The trace: side effects logged by the template (each stamped with loop time), then how the task ended
    /// (result or exception), the coroutine's final state and the final loop time.
    /// </summary>
    /// <param name="make">Creates the coroutine; creating it must run no template code.</param>
    /// <param name="log">The template's log, cleared first.</param>
    /// <param name="cancelAt">When set, the task is cancelled at this loop time.</param>
    /// <param name="cancelAfterNote">When set, the task is cancelled right after the template's note number <c>Note</c> (1-based), through the <c>AfterNote</c> hook.</param>
    public static string Run(Func<Coroutine> make, List<string> log, double? cancelAt = null, (int Note, Action<Action?> SetHook)? cancelAfterNote = null)
    {
        log.Clear();
        var lines = new List<string>();
        var loop = EventLoop.CreateVirtual();
        Coroutine coroutine = make();
        if (log.Count > 0)
        {
            lines.Add("ran on creation: " + string.Join(", ", log));
        }

        CoroutineTask task = loop.CreateTask(coroutine);
        if (cancelAt is double when)
        {
            loop.CallLater(when, () => log.Add($"cancel -> {task.Cancel("test")}"));
        }

        if (cancelAfterNote is var (note, setHook))
        {
            setHook(() =>
            {
                if (log.Count == note)
                {
                    log.Add($"cancel -> {task.Cancel("test")}");
                }
            });
        }

        string outcome;
        try
        {
            loop.RunUntilComplete(task);
            Type? typed = coroutine.GetType();
            while (typed is not null && !(typed.IsGenericType && typed.GetGenericTypeDefinition() == typeof(Coroutine<>)))
            {
                typed = typed.BaseType;
            }

            outcome = typed is null ? "completed" : $"result {Format(typed.GetProperty("Result")!.GetValue(coroutine))}";
        }
        catch (Exception ex)
        {
            Exception inner = ex is System.Reflection.TargetInvocationException { InnerException: { } e } ? e : ex;
            outcome = $"{inner.GetType().Name}: {inner.Message}";
        }
        finally
        {
            cancelAfterNote?.SetHook(null);
        }

        lines.AddRange(log);
        lines.Add(outcome);
        lines.Add($"state {coroutine.State}, time {loop.Time():0.###}");
        return string.Join("\n", lines);
    }

    private static string Format(object? value) => value switch
    {
        null => "null",
        string s => $"\"{s}\"",
        System.Collections.IEnumerable items => "[" + string.Join(", ", items.Cast<object?>().Select(Format)) + "]",
        _ => value.ToString() ?? "null",
    };
}
