namespace Coroutines.Generator.Tests.Infrastructure;

/// <summary>Wraps template members in a compilable file with a log the traces read.</summary>
internal static class Templates
{
    /// <summary>A file with <c>public static partial class T</c> holding <paramref name="members"/>, a <c>Log</c> and <c>Note(text)</c>.</summary>
    public static string InClassT(string members) => GeneratorHarness.Prelude + $$"""
        public static partial class T
        {
            public static List<string> Log = new();

            static void Note(string text) => Log.Add($"{Co.GetRunningLoop().Time():0.###} {text}");

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
}
