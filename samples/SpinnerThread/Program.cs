// The spinner from "Fluent Python", chapter 19, the thread way — read it beside samples/Spinner, the coroutine
// way. Here the spinner is a thread; the supervisor signals it with an event when the slow function returns 42,
// and the spinner, which waits on that event between frames, notices, wipes its line and ends. A thread cannot be
// cancelled from outside: it has to agree to stop. The coroutine version cancels its spinner task instead.
Console.WriteLine($"Answer: {SpinnerThreadDemo.Supervisor()}");

public static class SpinnerThreadDemo
{
    private const string Frames = @"|/-\";

    static void Spin(string msg, ManualResetEventSlim done)
    {
        bool redrawInPlace = !Console.IsOutputRedirected;
        int turn = 0;
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

            if (done.Wait(TimeSpan.FromSeconds(0.1)))   // a frame's pause, and the way to hear "stop"
            {
                break;
            }
        }

        if (redrawInPlace)
        {
            Console.Write("\r" + new string(' ', msg.Length + 2) + "\r");
        }

        Console.WriteLine($"spinner stopped after {turn} frames");
    }

    static int SlowFunction()
    {
        // Pretend to wait for I/O for a while: this blocks the main thread, the spinner thread keeps going.
        Thread.Sleep(TimeSpan.FromSeconds(3));
        return 42;
    }

    public static int Supervisor()
    {
        using var done = new ManualResetEventSlim();
        var spinner = new Thread(() => Spin("thinking!", done)) { Name = "spinner" };
        Console.WriteLine($"spinner object: Thread '{spinner.Name}' (state {spinner.ThreadState})");
        spinner.Start();
        int result = SlowFunction();
        done.Set();        // ask the spinner to stop...
        spinner.Join();    // ...and wait until it has
        return result;
    }
}
