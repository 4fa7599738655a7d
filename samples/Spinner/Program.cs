// The spinner from "Fluent Python", chapter 19, the coroutine way: a spinner task animates while a slow
// function works; when the slow function returns 42, the supervisor cancels the spinner, whose finally
// block wipes the line.
using Coroutines;
using static Coroutines.Co;

Console.WriteLine($"Answer: {Run(SpinnerDemo.SupervisorAsync())}");

public static partial class SpinnerDemo
{
    private const string Frames = @"|/-\";

    [Coroutine]
    static IEnumerable<Yield> Spin(string msg)
    {
        bool redrawInPlace = !Console.IsOutputRedirected;
        int turn = 0;
        try
        {
            while (true)
            {
                char frame = Frames[turn++ % Frames.Length];
                if (redrawInPlace)
                {
                    Console.Write($"\r{frame} {msg}");
                }
                else if (turn % 10 == 1)
                {
                    Console.WriteLine($"{frame} {msg}");
                }

                yield return Sleep(0.1);
            }
        }
        finally
        {
            if (redrawInPlace)
            {
                Console.Write("\r" + new string(' ', msg.Length + 2) + "\r");
            }

            Console.WriteLine($"spinner cancelled after {turn} frames");
        }
    }

    [Coroutine]
    static IEnumerable<Yield<int>> SlowFunction()
    {
        // Pretend to wait for I/O for a while.
        yield return Sleep(3);
        yield return Return(42);
    }

    [Coroutine]
    public static IEnumerable<Yield<int>> Supervisor()
    {
        var spinner = CreateTask(SpinAsync("thinking!"));
        Console.WriteLine($"spinner object: {spinner}");
        var slow = SlowFunctionAsync();   // cold: nothing runs yet
        yield return slow;                           // runs inline, like asyncio's `await`
        spinner.Cancel();
        yield return Settle(spinner);                // let its finally block run before we answer
        yield return Return(slow.Result);
    }
}
