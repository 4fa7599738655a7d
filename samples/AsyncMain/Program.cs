// Coroutines called from ordinary async/await code, and async code called from coroutines: a console
// `static async Task Main` uses a small library written with coroutines (Inventory, below) the way an ASP.NET Core
// handler or any other async caller would.
//
//   dotnet run --project samples/AsyncMain
using System.Diagnostics;
using Coroutines;
using static Coroutines.Co;

// 1. await a coroutine: with no loop on this thread it runs on a loop of its own thread (Co.RunAsync does the same
//    and returns a Task<T> to keep). Its exceptions arrive as themselves; its cancellation as a cancelled Task.
var stock = await Inventory.StockAsync(["apples", "pears", "plums"]);
Console.WriteLine($"1. counted {stock.Sum(item => item.Count)} items: {string.Join(", ", stock.Select(item => $"{item.Name} {item.Count}"))}");

try
{
    await Inventory.StockAsync(["apples", "durians"]);
}
catch (KeyNotFoundException missing)
{
    Console.WriteLine($"   and a failure comes back as itself: {missing.Message}");
}

// 2. await foreach over an async generator: each item is pulled when the loop body asks for it; leaving early
//    closes the generator, and its async cleanup has run before the next line.
await foreach (var line in Inventory.ReportAsync(["apples", "pears", "plums", "figs"]))
{
    Console.WriteLine($"2. {line}");
    if (line.StartsWith("plums"))
    {
        break;
    }
}

Console.WriteLine($"   report closed: {Inventory.ReportsOpen} open");

// 3. The other way: a coroutine pulls an IAsyncEnumerable (here File.ReadLinesAsync) one line per pull.
var path = Path.Combine(Path.GetTempPath(), $"inventory-{Environment.ProcessId}.txt");
await File.WriteAllLinesAsync(path, ["apples 12", "pears 7", "plums 30"]);
try
{
    var largest = await RunAsync(Inventory.LargestAsync(path));
    Console.WriteLine($"3. largest line in the file: {largest}");
}
finally
{
    File.Delete(path);
}

// 4. Cancelling from async code: the token cancels the pull in flight, which unwinds the generator.
using var stop = new CancellationTokenSource();
var watch = Stopwatch.StartNew();
try
{
    await foreach (var tick in Inventory.TicksAsync().WithCancellation(stop.Token))
    {
        stop.CancelAfter(TimeSpan.FromMilliseconds(50));
    }
}
catch (OperationCanceledException)
{
    Console.WriteLine($"4. cancelled through the token, well before the hour-long tick: {watch.Elapsed < TimeSpan.FromMinutes(1)}");
}

// 5. A task of a loop that nobody runs would never finish: awaiting it fails at once instead of hanging.
var idle = new EventLoop();
var stranded = idle.CreateTask(Inventory.StockAsync(["figs"]));
try
{
    await stranded;
}
catch (InvalidOperationException notRunning)
{
    Console.WriteLine($"5. awaiting a task of a loop nobody runs: {notRunning.GetType().Name} at once, not a hang");
}

var figs = idle.RunUntilComplete(stranded);
Console.WriteLine($"   run the loop, and the same task finishes: figs {figs[0].Count}");
idle.Close();

public static partial class Inventory
{
    private static readonly Dictionary<string, int> s_shelves = new() { ["apples"] = 12, ["pears"] = 7, ["plums"] = 30, ["figs"] = 3 };

    public static int ReportsOpen { get; private set; }

    // A stand-in for a remote lookup: waits, then answers (and knows nothing of durians).
    [Coroutine]
    static IEnumerable<Yield<int>> Lookup(string name)
    {
        yield return Sleep(0.01);
        yield return Return(s_shelves.TryGetValue(name, out var count) ? count : throw new KeyNotFoundException($"no shelf for {name}"));
    }

    [Coroutine]
    public static IEnumerable<Yield<(string Name, int Count)[]>> Stock(string[] names)
    {
        var lookups = Gather(names.Select(name => LookupAsync(name)));
        yield return lookups;
        yield return Return(names.Zip(lookups.Result).ToArray());
    }

    [Coroutine]
    public static IEnumerable<Emit<string>> Report(string[] names)
    {
        ReportsOpen++;
        yield return Defer(CloseReportAsync);
        foreach (var name in names)
        {
            var count = LookupAsync(name);
            yield return count;
            yield return Emit($"{name}: {count.Result}");
        }
    }

    [Coroutine]
    static IEnumerable<Yield> CloseReport()
    {
        yield return Sleep(0.01);
        ReportsOpen--;
    }

    [Coroutine]
    public static IEnumerable<Yield<string>> Largest(string path)
    {
        var lines = FromAsyncEnumerable(File.ReadLinesAsync(path));
        yield return Defer(lines.CloseAsync);
        var largest = (Line: "", Count: -1);
        while (true)
        {
            yield return lines.Next();
            if (lines.Ended)
            {
                break;
            }

            var count = int.Parse(lines.Current.Split(' ')[1]);
            if (count > largest.Count)
            {
                largest = (lines.Current, count);
            }
        }

        yield return Return(largest.Line);
    }

    [Coroutine]
    public static IEnumerable<Emit<int>> Ticks()
    {
        for (var tick = 0; ; tick++)
        {
            yield return Emit(tick);
            yield return Sleep(3600);
        }
    }
}
