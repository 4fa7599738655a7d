// Coroutines called from ordinary async/await code, and async code called from coroutines: a console
// `static async Task Main` uses a small library written with coroutines (Inventory.cs) the way an ASP.NET Core
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
