namespace Coroutines.Generator.Tests.Infrastructure;

/// <summary>Wraps template members in a compilable file with a log the traces read.</summary>
internal static class Templates
{
    /// <summary>
    /// A file with <c>public static partial class T</c> holding <paramref name="members"/>, a <c>Log</c>, <c>Note(text)</c>
    /// and <c>AfterNote</c>, a hook the oracle sets to cancel a task right after a given note.
    /// </summary>
    public static string InClassT(string members) => GeneratorHarness.Prelude + $$"""
        public static partial class T
        {
            public static List<string> Log = new();

            public static Action? AfterNote;

            public static void Note(string text)
            {
                Log.Add($"{Co.GetRunningLoop().Time():0.###} {text}");
                AfterNote?.Invoke();
            }

        {{members}}
        }
        """;
}

/// <summary>Runs the generated coroutine and the compiler's iterator for the same template and compares traces.</summary>
internal static class Oracle
{
    public static string AssertSame(LoadedTemplates loaded, string template, object?[]? arguments = null, double? cancelAt = null, string typeName = "T", object? target = null, string? sibling = null, string? logType = null)
    {
        arguments ??= Array.Empty<object?>();
        List<string> log = loaded.Log(logType ?? typeName);
        string expected = Trace.Run(() => loaded.Raw(typeName, template, target, arguments), log, cancelAt);
        string actual = Trace.Run(() => loaded.Generated(typeName, sibling ?? template + "Async", target, arguments), log, cancelAt);
        Assert.Equal(expected, actual);
        return actual;
    }

    /// <summary>
    /// <see cref="AssertSame"/> without cancellation, then once per note the template writes, cancelling the task right
    /// after that note: the cancellation surfaces at the next suspension point, so every suspension point that follows
    /// a note is cancelled once. Returns the uncancelled trace. The file must come from <see cref="Templates.InClassT"/>.
    /// </summary>
    public static string AssertSameUnderEveryCancellation(LoadedTemplates loaded, string template, params object?[] arguments) =>
        AssertSameUnderEveryCancellation(loaded, raw => raw
            ? loaded.Raw("T", template, null, arguments)
            : loaded.Generated("T", template + "Async", null, arguments));

    /// <summary>The same for any template: <paramref name="make"/>(true) calls the template, (false) its sibling, each on a fresh receiver.</summary>
    public static string AssertSameUnderEveryCancellation(LoadedTemplates loaded, Func<bool, Coroutine> make)
    {
        List<string> log = loaded.Log("T");
        string trace = Trace.Run(() => make(true), log);
        Assert.Equal(trace, Trace.Run(() => make(false), log));
        int notes = log.Count;
        for (int k = 1; k <= notes; k++)
        {
            string expected = Trace.Run(() => make(true), log, cancelAfterNote: (k, loaded.AfterNoteHook("T")));
            string actual = Trace.Run(() => make(false), log, cancelAfterNote: (k, loaded.AfterNoteHook("T")));
            Assert.True(expected == actual, $"cancelled after note {k}:\nexpected:\n{expected}\nactual:\n{actual}");
        }

        return trace;
    }
}
