using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Coroutines.Benchmarks.Peers;

/// <summary>
/// A peer in another runtime: a script under <c>benchmarks/peers</c> (CPython's asyncio, Node), run as its own
/// process when that runtime is on the PATH. It runs each workload at the same sizes, prints the same checksum, and
/// reports its rate as the median of three runs; the sleepers get the very delays the .NET peers sleep.
/// </summary>
/// <remarks>
/// It is measured in its own stretch, not interleaved with the in-process peers, so its ratios carry this machine's
/// noise (see docs/performance.md). It reports no allocation or peak figures; its retained bytes per item come from
/// its own runtime's accounting (tracemalloc, V8's heapUsed).
/// </remarks>
public sealed class ScriptPeer
{
    private readonly string _executable;
    private readonly string[] _runtimeOptions;
    private readonly string _script;
    private readonly string[] _scriptOptions;

    private ScriptPeer(string label, string executable, string[] runtimeOptions, string script, params string[] scriptOptions)
    {
        Label = label;
        _executable = executable;
        _runtimeOptions = runtimeOptions;
        _script = script;
        _scriptOptions = scriptOptions;
    }

    /// <summary>A short name for <c>--peer</c> and for messages (the row shows the runtime's own version).</summary>
    public string Label { get; }

    /// <summary>The script peers whose runtime is on the PATH and whose script sits beside this program.</summary>
    public static IReadOnlyList<ScriptPeer> Available()
    {
        string scripts = Path.Combine(AppContext.BaseDirectory, "peers");
        var found = new List<ScriptPeer>();
        if (FindOnPath("python3") is { } python && File.Exists(Path.Combine(scripts, "asyncio_peer.py")))
        {
            found.Add(new ScriptPeer("asyncio", python, [], Path.Combine(scripts, "asyncio_peer.py")));
            if (CanImport(python, "uvloop"))
            {
                found.Add(new ScriptPeer("uvloop", python, [], Path.Combine(scripts, "asyncio_peer.py"), "--uvloop"));
            }
        }

        if (FindOnPath("node") is { } node && File.Exists(Path.Combine(scripts, "node_peer.mjs")))
        {
            // --expose-gc: the script collects before it reads the heap for retained bytes.
            found.Add(new ScriptPeer("node", node, ["--expose-gc"], Path.Combine(scripts, "node_peer.mjs")));
        }

        return found;
    }

    /// <summary>Runs one workload; the row's name, its result, or why it could not run.</summary>
    public (string Name, WorkloadResult? Result, string? Error) Run(string workload, double scale, double[] sleeperDelays)
    {
        string? delaysFile = null;
        try
        {
            var start = new ProcessStartInfo(_executable)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (string option in _runtimeOptions)
            {
                start.ArgumentList.Add(option);
            }

            start.ArgumentList.Add(_script);
            start.ArgumentList.Add(workload);
            foreach (string option in _scriptOptions)
            {
                start.ArgumentList.Add(option);
            }

            start.ArgumentList.Add("--scale");
            start.ArgumentList.Add(scale.ToString(CultureInfo.InvariantCulture));
            if (workload == "sleepers")
            {
                delaysFile = Path.GetTempFileName();
                File.WriteAllLines(delaysFile, sleeperDelays.Select(d => d.ToString("R", CultureInfo.InvariantCulture)));
                start.ArgumentList.Add("--delays");
                start.ArgumentList.Add(delaysFile);
            }

            using Process process = Process.Start(start)!;
            Task<string> error = process.StandardError.ReadToEndAsync();
            string output = process.StandardOutput.ReadToEnd();
            if (!process.WaitForExit(TimeSpan.FromMinutes(10)))
            {
                process.Kill(entireProcessTree: true);
                return (Label, null, "ran past 10 minutes");
            }

            string? line = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
            if (process.ExitCode != 0 || line is null)
            {
                return (Label, null, $"exit code {process.ExitCode}: {error.Result.Trim().Split('\n').LastOrDefault()}");
            }

            using JsonDocument json = JsonDocument.Parse(line);
            JsonElement root = json.RootElement;
            double? Optional(string name) =>
                root.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;

            var result = new WorkloadResult(
                Operations: root.GetProperty("ops").GetInt64(),
                Seconds: root.GetProperty("seconds").GetDouble(),
                AllocatedBytes: 0,
                PerItemBytes: Optional("per_item_bytes"),
                PeakHeapBytes: 0,
                Checksum: root.GetProperty("checksum").GetInt64(),
                Extra: Optional("extra_ms"));
            return (root.GetProperty("name").GetString() ?? Label, result, null);
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or IOException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return (Label, null, e.Message);
        }
        finally
        {
            if (delaysFile is not null)
            {
                File.Delete(delaysFile);
            }
        }
    }

    private static bool CanImport(string python, string module)
    {
        try
        {
            using Process? process = Process.Start(new ProcessStartInfo(python, ["-c", "import " + module])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            });
            return process is not null && process.WaitForExit(TimeSpan.FromSeconds(30)) && process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    private static string? FindOnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, program))
            .FirstOrDefault(File.Exists);
}
