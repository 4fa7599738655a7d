// The flags downloader from "Fluent Python" (chapters 20–21), the coroutine way: download flag images and
// country metadata concurrently, at most N at a time, handling results in completion order.
//
//   dotnet run --project samples/Flags -- [--count 60] [--concurrency 10] [--server URL] [--out DIR] [--latency 300]
//
// Without --server it starts its own HTTP server on 127.0.0.1 (some codes missing: 404, some failing: 500).
using System.Diagnostics;
using Flags;

var options = FlagsOptions.Parse(args);
FlagServer? server = null;
string baseUrl = options.Server ?? (server = await FlagServer.StartAsync(new FlagServerOptions(
    options.LatencyMilliseconds,
    Missing: new HashSet<string> { "CD", "IR", "SD", "KP", "SS", "PS" },
    Failing: new HashSet<string> { "EG", "MM", "YE", "LY" },
    Seed: 7))).BaseUrl;

Directory.CreateDirectory(options.OutputDirectory);
Console.WriteLine($"Downloading {options.Count} flags from {baseUrl}, {options.Concurrency} at a time, into {options.OutputDirectory}");
var watch = Stopwatch.StartNew();
var progress = new ProgressDisplay(options.Count, interactive: !Console.IsOutputRedirected);
var job = new Downloader(baseUrl, options.OutputDirectory, progress);
Totals totals = Coroutines.Co.Run(job.DownloadManyAsync(Countries.ByPopulation.Take(options.Count).ToArray(), options.Concurrency));
progress.Finish();
Console.WriteLine($"{totals.Ok} downloaded, {totals.NotFound} not found, {totals.Errors} errors in {watch.Elapsed.TotalSeconds:0.00}s");
if (server is not null)
{
    await server.DisposeAsync();
}

return totals.Ok + totals.NotFound + totals.Errors == options.Count ? 0 : 1;
