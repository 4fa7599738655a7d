using System.Diagnostics;
using System.Reflection;
using System.Text.RegularExpressions;

namespace Coroutines.Package.Tests;

/// <summary>The samples run as a user runs them (<c>dotnet run --project samples/...</c>) and do what they say.</summary>
public class SampleTests
{
    private static readonly string s_repoRoot = typeof(SampleTests).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepoRoot").Value!;

    [Fact]
    public void Flags_downloads_from_its_own_loopback_server_and_accounts_for_every_code()
    {
        string output = Path.Combine(s_repoRoot, "artifacts", "flags-test", Guid.NewGuid().ToString("N"));
        try
        {
            string printed = DotnetRun("samples/Flags", $"--count 40 --concurrency 8 --latency 30 --out \"{output}\"");
            Match totals = Regex.Match(printed, @"(\d+) downloaded, (\d+) not found, (\d+) errors in [\d.]+s");
            Assert.True(totals.Success, printed);
            int ok = int.Parse(totals.Groups[1].Value);
            int notFound = int.Parse(totals.Groups[2].Value);
            int errors = int.Parse(totals.Groups[3].Value);
            Assert.Equal(40, ok + notFound + errors);

            // The server's misbehaviour is fixed: among the 40 most populous codes IR, CD and SD are missing, EG and MM fail.
            Assert.Equal(3, notFound);
            Assert.Equal(2, errors);
            Assert.Equal(ok, Directory.GetFiles(output, "*.gif").Length);
            Assert.Equal("China", File.ReadAllText(Path.Combine(output, "cn.txt")));
            byte[] gif = File.ReadAllBytes(Path.Combine(output, "cn.gif"));
            Assert.Equal("GIF89a", System.Text.Encoding.ASCII.GetString(gif, 0, 6));
        }
        finally
        {
            if (Directory.Exists(output))
            {
                Directory.Delete(output, recursive: true);
            }
        }
    }

    [Fact]
    public void Spinner_prints_the_answer_after_the_spinner_was_cancelled()
    {
        string printed = DotnetRun("samples/Spinner", string.Empty);
        int cancelled = printed.IndexOf("spinner cancelled after", StringComparison.Ordinal);
        int answer = printed.IndexOf("Answer: 42", StringComparison.Ordinal);
        Assert.True(cancelled >= 0 && answer > cancelled, printed);
    }

    private static string DotnetRun(string project, string arguments)
    {
        var start = new ProcessStartInfo("dotnet", $"run --project {project} -- {arguments}")
        {
            WorkingDirectory = s_repoRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment.Remove("MSBuildSDKsPath");
        start.Environment.Remove("MSBuildExtensionsPath");
        start.Environment.Remove("MSBUILD_EXE_PATH");
        using Process process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        string output = stdout.Result + stderr.Result;
        Assert.True(process.ExitCode == 0, $"dotnet run --project {project} failed:\n{output}");
        return output;
    }
}
