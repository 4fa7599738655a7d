using System.Diagnostics;

namespace Coroutines.Package.Tests;

/// <summary>Runs a command as a user's shell would, without the test host's MSBuild settings leaking into it.</summary>
internal static class ChildProcess
{
    public static (int ExitCode, string Output) Run(ProcessStartInfo start, string workingDirectory, IReadOnlyDictionary<string, string>? environment = null)
    {
        start.WorkingDirectory = workingDirectory;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        start.Environment.Remove("MSBuildSDKsPath");
        start.Environment.Remove("MSBuildExtensionsPath");
        start.Environment.Remove("MSBUILD_EXE_PATH");
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    /// <summary>Runs it and asserts it succeeded; returns what it printed.</summary>
    public static string Succeed(ProcessStartInfo start, string workingDirectory, IReadOnlyDictionary<string, string>? environment = null)
    {
        var (exitCode, output) = Run(start, workingDirectory, environment);
        Assert.True(exitCode == 0, $"{Describe(start)} failed in {workingDirectory}:\n{output}");
        return output;
    }

    /// <summary>Runs it and asserts it failed; returns what it printed.</summary>
    public static string Fail(ProcessStartInfo start, string workingDirectory)
    {
        var (exitCode, output) = Run(start, workingDirectory);
        Assert.True(exitCode != 0, $"{Describe(start)} succeeded in {workingDirectory}, expected it to fail:\n{output}");
        return output;
    }

    private static string Describe(ProcessStartInfo start) => $"{start.FileName} {start.Arguments}{string.Join(' ', start.ArgumentList)}";
}
