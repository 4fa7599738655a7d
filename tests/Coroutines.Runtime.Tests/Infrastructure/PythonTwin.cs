using System.Diagnostics;

namespace Coroutines.Runtime.Tests.Infrastructure;

/// <summary>
/// Each ordering scenario has a Python twin (PythonTwins/&lt;name&gt;.py) and the output CPython's asyncio printed for
/// it (&lt;name&gt;.expected.txt), both committed. The C# scenario must print the same lines.
/// </summary>
internal static class PythonTwin
{
    public static string Directory() => Path.Combine(ProjectPaths.Directory, "PythonTwins");

    public static string[] Expected(string name) =>
        File.ReadAllLines(Path.Combine(Directory(), name + ".expected.txt"));

    public static void AssertMatches(string name, IReadOnlyList<string> actual)
    {
        string[] expected = Expected(name);
        Assert.True(expected.SequenceEqual(actual),
            $"Trace differs from asyncio's ({name}.py).\n--- asyncio\n{string.Join("\n", expected)}\n--- Coroutines\n{string.Join("\n", actual)}");
    }

    /// <summary>Runs the twin with python3 and returns its output lines, or null when python3 is not installed.</summary>
    public static string[]? RunWithPython(string name)
    {
        var start = new ProcessStartInfo("python3", Path.Combine(Directory(), name + ".py"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("python3 did not start");
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }

        using (process!)
        {
            string output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, process.StandardError.ReadToEnd());
            return output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        }
    }
}
