// Blocking calls inside coroutines, the way code looks when it is first moved onto the loop. Every marked line
// blocks the single loop thread, so while it runs no other coroutine (here: the heartbeat) makes progress.
// Build it to see the CORO warnings; apply the light-bulb fixes (or Fix All) to turn each into a suspension point.
using Coroutines;
using static Coroutines.Co;

string work = Path.Combine(Path.GetTempPath(), "coroutines-blocking-" + Environment.ProcessId);
Directory.CreateDirectory(work);
try
{
    Console.WriteLine(Run(Report.BuildAsync(work)));
}
finally
{
    Directory.Delete(work, recursive: true);
}

public static partial class Report
{
    [Coroutine]
    public static IEnumerable<Yield<string>> Build(string work)
    {
        var beat = CreateTask(HeartbeatAsync());
        string input = Path.Combine(work, "input.txt");
        File.WriteAllText(input, "alpha\nbeta\ngamma\n");                 // CORO004: WriteAllTextAsync
        Thread.Sleep(50);                                                  // CORO001: yield return Sleep(...)

        string text = File.ReadAllText(input);                             // CORO004: ReadAllTextAsync
        int lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;

        Task<int> counting = Task.Run(() => CountVowels(text));
        int vowels = counting.Result;                                      // CORO002: yield the task first

        string copy = Path.Combine(work, "copy.txt");
        File.Copy(input, copy, overwrite: true);                           // CORO005: RunInExecutor

        using (FileStream stream = new FileStream(copy, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, useAsync: true))
        {
            byte[] buffer = new byte[5];
            int read = stream.Read(buffer, 0, buffer.Length);              // CORO004: ReadAsync
            string head = System.Text.Encoding.ASCII.GetString(buffer, 0, read);
            Console.WriteLine($"first {read} bytes: {head}");
        }

        Summarize(work, lines, vowels);                                    // CORO020: a coroutine that never runs
        File.AppendAllTextAsync(input, "delta\n");                         // CORO021: a task nobody waits for

        var worker = new Thread(() => Console.WriteLine("worker thread ran"));
        worker.Start();
        worker.Join();                                                     // CORO007: RunInExecutor

        try
        {
            File.Delete(copy);                                             // CORO005, but no fix: no yield inside try/catch
        }
        catch (IOException)
        {
        }

        beat.Cancel();
        yield return Return($"{lines} lines, {vowels} vowels");
    }

    [Coroutine]
    static IEnumerable<Yield> Summarize(string work, int lines, int vowels)
    {
        File.WriteAllText(Path.Combine(work, "summary.txt"), $"{lines}/{vowels}");   // CORO004
        yield break;
    }

    [Coroutine]
    static IEnumerable<Yield> Heartbeat()
    {
        while (true)
        {
            Console.WriteLine("heartbeat");
            yield return Sleep(0.02);
        }
    }

    static int CountVowels(string text) => text.Count(c => "aeiou".Contains(c));
}
