using System.Runtime.CompilerServices;
using System.Text;

namespace Coroutines.Generator.Tests.Infrastructure;

/// <summary>
/// Verify-style snapshots: <c>Snapshots/{Class}.{Method}#{HintName}.verified.cs</c> beside the tests. A mismatch
/// writes <c>.received.cs</c> and fails with a diff; <c>ACCEPT_SNAPSHOTS=1</c> accepts received text instead.
/// </summary>
internal static class Snapshot
{
    public static void Verify(GeneratorRun run, string className, [CallerMemberName] string method = "")
    {
        Assert.NotEmpty(run.Sources);
        foreach (var source in run.Sources)
        {
            Verify(source.SourceText.ToString(), $"{className}.{method}#{source.HintName}");
        }

        // Running again on an equal compilation must regenerate nothing.
        GeneratorRun again = GeneratorHarness.Run(run.Output.RemoveSyntaxTrees(run.Output.SyntaxTrees.Skip(run.Output.SyntaxTrees.Count() - run.Sources.Count)).Clone(), run.Driver);
        foreach (string step in new[] { "Model", "Lowered", "Output" })
        {
            Assert.All(
                again.Result.TrackedSteps[step].SelectMany(s => s.Outputs),
                o => Assert.True(o.Reason is Microsoft.CodeAnalysis.IncrementalStepRunReason.Cached or Microsoft.CodeAnalysis.IncrementalStepRunReason.Unchanged, $"{step}: {o.Reason}"));
        }
    }

    private static void Verify(string text, string name)
    {
        string directory = Path.Combine(ProjectPaths.Directory, "Snapshots");
        string verified = Path.Combine(directory, name.Replace(".g.cs", ".g") + ".verified.cs");
        string received = Path.ChangeExtension(verified, null).Replace(".verified", ".received") + ".cs";
        text = Scrub(text.Replace("\r\n", "\n"));
        bool accept = Environment.GetEnvironmentVariable("ACCEPT_SNAPSHOTS") == "1";
        string? expected = File.Exists(verified) ? File.ReadAllText(verified).Replace("\r\n", "\n") : null;
        if (expected == text)
        {
            File.Delete(received);
            return;
        }

        if (accept)
        {
            Directory.CreateDirectory(directory);
            File.WriteAllText(verified, text);
            File.Delete(received);
            return;
        }

        File.WriteAllText(received, text);
        Assert.Fail($"Snapshot {Path.GetFileName(verified)} differs (received file written; ACCEPT_SNAPSHOTS=1 accepts):\n{Diff(expected ?? string.Empty, text)}");
    }

    /// <summary>The generator's version changes with every release; snapshots show a token instead.</summary>
    private static string Scrub(string text) =>
        System.Text.RegularExpressions.Regex.Replace(text, @"GeneratedCode\(""Coroutines.Generators"", ""[^""]*""\)", @"GeneratedCode(""Coroutines.Generators"", ""<VERSION>"")");

    /// <summary>A line diff: the common prefix and suffix are skipped, the rest shown as - / + lines.</summary>
    private static string Diff(string expected, string actual)
    {
        string[] a = expected.Split('\n');
        string[] b = actual.Split('\n');
        int start = 0;
        while (start < a.Length && start < b.Length && a[start] == b[start])
        {
            start++;
        }

        int endA = a.Length - 1;
        int endB = b.Length - 1;
        while (endA >= start && endB >= start && a[endA] == b[endB])
        {
            endA--;
            endB--;
        }

        var diff = new StringBuilder($"@@ line {start + 1} @@\n");
        for (int i = start; i <= endA; i++)
        {
            diff.Append("- ").AppendLine(a[i]);
        }

        for (int i = start; i <= endB; i++)
        {
            diff.Append("+ ").AppendLine(b[i]);
        }

        return diff.ToString();
    }
}
