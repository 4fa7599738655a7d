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

    [Fact]
    public void SpinnerThread_stops_its_thread_with_an_event_then_prints_the_answer()
    {
        string printed = DotnetRun("samples/SpinnerThread", string.Empty);
        Assert.Contains("spinner object: Thread 'spinner' (state Unstarted)", printed);
        Assert.Matches(@"\| thinking!", printed);
        Match stopped = Regex.Match(printed, @"spinner stopped after (\d+) frames");
        Assert.True(stopped.Success, printed);
        // Three seconds of 0.1 s frames: at most 31, fewer on a loaded machine; the spinner ran while main blocked.
        Assert.InRange(int.Parse(stopped.Groups[1].Value), 10, 31);
        int answer = printed.IndexOf("Answer: 42", StringComparison.Ordinal);
        Assert.True(answer > stopped.Index, printed);
    }

    [Fact]
    public void Tour_prints_every_section_with_deterministic_virtual_times()
    {
        string printed = DotnetRun("samples/Tour", string.Empty).Replace("\r\n", "\n");
        string[] expected =
        {
            "== gather: concurrent, results in argument order",
            "[ 3.0] results: slow (3.0s), fast (1.0s), medium (2.0s)",
            "[ 3.0] took 3.0s, the longest one, not the sum",
            "[ 4.0] with returnExceptions: good (1.0s), InvalidOperationException: bad failed",
            "== wait: FirstCompleted, then the rest",
            "[ 5.0] first completed: b; still pending: 2",
            "[ 5.5] after a 0.5s timeout: 0 done, 2 pending (wait never cancels)",
            "[ 7.0] all done: a (2.0s), b (1.0s), c (3.0s)",
            "== as_completed: in completion order",
            "[ 8.0] got one (1.0s)",
            "[ 9.0] got two (2.0s)",
            "[10.0] got three (3.0s)",
            "== queue: a producer and two consumers, maxsize 2",
            "[13.0] every item handled (Join returned)",
            "[13.0] consumers stopped: consumer-1 handled 3, consumer-2 handled 3",
            "== timeouts: WaitFor and a Timeout scope",
            "[13.5] WaitFor within the limit: quick (0.5s)",
            "[14.5] WaitFor work cancelled, its finally block ran",
            "[14.5] WaitFor over the limit: TimeoutException",
            "[15.5] scoped work cancelled, its finally block ran",
            "[15.5] using (Timeout(1)) around 5s of work: TimeoutException",
            "[17.5] rescheduled work finished",
            "[17.5] rescheduled scope: finished in time",
            "== TaskGroup: one member fails, the others are cancelled",
            "[18.5] member-1 cancelled, its finally block ran",
            "[18.5] member-2 cancelled, its finally block ran",
            "[18.5] group failed with 1 failure(s): member-3 failed",
            "== Shield: cancel the waiter, not the work",
            "[19.5] waiter cancelled: True; precious work still running: True",
            "[20.5] precious work finished anyway: precious work (2.0s)",
            "== async for and async with: pulled lines, a connection closed on cancel",
            "[21.0] line: GET / HTTP/1.1",
            "[21.5] line: Host: example.org",
            "[22.0] line: Accept: */*",
            "[23.0] db: connected",
            "[23.0] db: querying",
            "[23.5] db: closing, the goodbye takes 0.5s",
            "[24.0] db: closed",
            "[24.0] query cancelled: True; connections still open: 0",
            "[24.0] tour done",
        };
        int at = 0;
        foreach (string line in expected)
        {
            int found = printed.IndexOf(line, at, StringComparison.Ordinal);
            Assert.True(found >= 0, $"missing, or out of order: '{line}'\n---\n{printed}");
            at = found + line.Length;
        }

        Assert.DoesNotContain("this line never prints", printed);
        Assert.DoesNotContain("the waiter never gets here", printed);
        Assert.Equal(6, Regex.Matches(printed, @"produced \d").Count);
    }

    [Fact]
    public void AsyncMain_calls_coroutines_from_async_code_and_async_code_from_coroutines()
    {
        string printed = DotnetRun("samples/AsyncMain", string.Empty).Replace("\r\n", "\n");
        string[] expected =
        {
            "1. counted 49 items: apples 12, pears 7, plums 30",
            "   and a failure comes back as itself: no shelf for durians",
            "2. apples: 12",
            "2. pears: 7",
            "2. plums: 30",
            "   report closed: 0 open",
            "3. largest line in the file: plums 30",
            "4. cancelled through the token, well before the hour-long tick: True",
            "5. awaiting a task of a loop nobody runs: InvalidOperationException at once, not a hang",
            "   run the loop, and the same task finishes: figs 3",
        };
        Assert.Equal(expected, printed.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    private static string DotnetRun(string project, string arguments) =>
        ChildProcess.Succeed(new ProcessStartInfo("dotnet", $"run --project {project} -- {arguments}"), s_repoRoot);
}
