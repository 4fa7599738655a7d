using Coroutines;
using static Coroutines.Co;

// The library the program calls, written with coroutines.
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
