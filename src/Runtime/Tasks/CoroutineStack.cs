namespace Coroutines;

/// <summary>
/// The chain of template frames an exception left, outermost first — what a call stack would show if coroutines were
/// nested calls. The exception's own stack trace ends in the innermost template (generated code maps it there with
/// <c>#line</c>); the outer templates were suspended, not calling, so only this records them.
/// </summary>
public static class CoroutineStack
{
    private const string Key = "Coroutines.CoroutineStack";

    /// <summary>The coroutine stack recorded on <paramref name="exception"/> when it left a coroutine, or null.</summary>
    public static string? Of(Exception exception) =>
        (exception ?? throw new ArgumentNullException(nameof(exception))).Data[Key] as string;

    /// <summary>Records the chain once, where the exception first leaves a template; outer frames add nothing.</summary>
    internal static void Record(Exception exception, IEnumerable<Coroutine> callers, Coroutine raising)
    {
        try
        {
            if (exception.Data.IsReadOnly || exception.Data.Contains(Key))
            {
                return;
            }

            var lines = new List<string> { "Coroutine stack (outermost first):" };
            foreach (Coroutine caller in callers)
            {
                lines.Add($"  {caller.GetFrame()}");
            }

            CoroutineFrame top = raising.GetFrame();
            lines.Add(top.File is null ? $"  {top.Name}() raised it" : $"  {top.Name}() in {top.File} raised it");
            exception.Data[Key] = string.Join(Environment.NewLine, lines);
        }
        catch (ArgumentException)
        {
            // Some exception types keep Data with restrictions; the stack is a diagnostic, never a new failure.
        }
    }
}
