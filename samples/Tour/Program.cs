// A tour of the combinators and primitives, one section each, in asyncio's vocabulary: gather, wait,
// as_completed, a producer-consumer queue, timeouts (wait_for and a timeout scope), a task group, shield, and the
// async for / async with idioms (an async generator of lines, a connection closed however its user ends).
// It runs on virtual time, so it finishes at once and prints the same thing every run (loop time in brackets);
// `--real` runs the same code on the wall clock: about 24 seconds, same order and results, times a little late.
using Coroutines;
using static Coroutines.Co;

bool real = args.Contains("--real");
var loop = real ? new EventLoop() : EventLoop.CreateVirtual();
try
{
    loop.RunUntilComplete(Tour.AllSectionsAsync());
}
finally
{
    loop.Close();
}

public static partial class Tour
{
    private static void Say(string text) =>
        Console.WriteLine(FormattableString.Invariant($"[{GetRunningLoop().Time(),4:0.0}] {text}"));

    private static double s_sectionStart;

    private static void Section(string title)
    {
        s_sectionStart = GetRunningLoop().Time();
        Console.WriteLine();
        Console.WriteLine($"== {title}");
    }

    [Coroutine]
    public static IEnumerable<Yield> AllSections()
    {
        yield return GatherSectionAsync();
        yield return WaitSectionAsync();
        yield return AsCompletedSectionAsync();
        yield return QueueSectionAsync();
        yield return TimeoutSectionAsync();
        yield return TaskGroupSectionAsync();
        yield return ShieldSectionAsync();
        yield return AsyncForAndWithSectionAsync();
        Console.WriteLine();
        Say("tour done");
    }

    // A stand-in for I/O: waits, then answers.
    [Coroutine]
    static IEnumerable<Yield<string>> Fetch(string what, double seconds)
    {
        yield return Sleep(seconds);
        yield return Return($"{what} ({seconds:0.0}s)");
    }

    [Coroutine]
    static IEnumerable<Yield<string>> Broken(string what, double seconds)
    {
        yield return Sleep(seconds);
        throw new InvalidOperationException($"{what} failed");
    }

    // gather: run them concurrently; results come back in argument order, whatever order they finish in.
    [Coroutine]
    static IEnumerable<Yield> GatherSection()
    {
        Section("gather: concurrent, results in argument order");
        var all = Gather(FetchAsync("slow", 3), FetchAsync("fast", 1), FetchAsync("medium", 2));
        yield return all;
        Say($"results: {string.Join(", ", all.Result)}");
        double took = GetRunningLoop().Time() - s_sectionStart;
        Say($"took {took:0.0}s, the longest one, not the sum");

        // returnExceptions: failures become values instead of failing the whole gather.
        var mixed = Gather(new object[] { FetchAsync("good", 1), BrokenAsync("bad", 0.5) }, returnExceptions: true);
        yield return mixed;
        Say($"with returnExceptions: {string.Join(", ", mixed.Result.Select(r => r is Exception e ? e.GetType().Name + ": " + e.Message : r))}");
    }

    // wait: returns (done, pending) at the moment the condition holds; nothing is cancelled for you.
    [Coroutine]
    static IEnumerable<Yield> WaitSection()
    {
        Section("wait: FirstCompleted, then the rest");
        CoroutineTask<string>[] tasks =
        {
            CreateTask(FetchAsync("a", 2), "a"), CreateTask(FetchAsync("b", 1), "b"), CreateTask(FetchAsync("c", 3), "c"),
        };
        var first = Wait(tasks, returnWhen: ReturnWhen.FirstCompleted);
        yield return first;
        var (done, pending) = first.Result;
        Say($"first completed: {string.Join(", ", done.Select(f => ((CoroutineTask)f).Name))}; still pending: {pending.Count}");

        var timedOut = Wait(pending, timeout: 0.5);
        yield return timedOut;
        Say($"after a 0.5s timeout: {timedOut.Result.Done.Count} done, {timedOut.Result.Pending.Count} pending (wait never cancels)");

        yield return Wait(pending);
        Say($"all done: {string.Join(", ", tasks.Select(t => t.Result))}");
    }

    // as_completed: handle each result as soon as it is ready.
    [Coroutine]
    static IEnumerable<Yield> AsCompletedSection()
    {
        Section("as_completed: in completion order");
        var work = new[] { FetchAsync("three", 3), FetchAsync("one", 1), FetchAsync("two", 2) };
        foreach (Future<string> next in AsCompleted(work))
        {
            yield return next;
            Say($"got {next.Result}");
        }
    }

    // A bounded queue between one producer and two consumers: Put waits when the queue is full, Join waits until
    // every item was marked done, Shutdown ends the consumers' loops.
    [Coroutine]
    static IEnumerable<Yield> Producer(AsyncQueue<int> queue, int count)
    {
        for (int i = 1; i <= count; i++)
        {
            yield return queue.Put(i);
            Say($"produced {i} (queue holds {queue.Count})");
        }
    }

    [Coroutine]
    static IEnumerable<Yield<int>> Consumer(string name, AsyncQueue<int> queue)
    {
        int handled = 0;
        while (true)
        {
            var get = queue.Get();
            yield return Settle(get);
            if (get.Exception is QueueShutDownException)
            {
                break;
            }

            yield return Sleep(1);   // work on it
            Say($"{name} handled {get.Result}");
            handled++;
            queue.TaskDone();
        }

        yield return Return(handled);
    }

    [Coroutine]
    static IEnumerable<Yield> QueueSection()
    {
        Section("queue: a producer and two consumers, maxsize 2");
        var queue = new AsyncQueue<int>(maxSize: 2);
        var first = CreateTask(ConsumerAsync("consumer-1", queue));
        var second = CreateTask(ConsumerAsync("consumer-2", queue));
        yield return ProducerAsync(queue, 6);
        yield return queue.Join();
        Say("every item handled (Join returned)");
        queue.Shutdown();
        yield return Gather(first, second);
        Say($"consumers stopped: consumer-1 handled {first.Result}, consumer-2 handled {second.Result}");
    }

    // Timeouts: WaitFor cancels the work and raises TimeoutException. A Timeout scope is asyncio's
    // `async with asyncio.timeout(s):`: when the deadline passes, the block is cancelled where it waits, its finally
    // blocks run, and leaving the scope raises TimeoutException. The deadline can be moved while the block runs.
    [Coroutine]
    static IEnumerable<Yield> Slow(string name, double seconds)
    {
        try
        {
            yield return Sleep(seconds);
            Say($"{name} finished");
        }
        finally
        {
            if (GetRunningLoop().CurrentTask?.Cancelling() > 0)
            {
                Say($"{name} cancelled, its finally block ran");
            }
        }
    }

    [Coroutine]
    static IEnumerable<Yield> Within(double limit, double seconds)
    {
        using (Timeout(limit))
        {
            yield return SlowAsync("scoped work", seconds);
        }
    }

    [Coroutine]
    static IEnumerable<Yield> Rescheduled()
    {
        using (var scope = Timeout(1))
        {
            scope.Reschedule(GetRunningLoop().Time() + 3);
            yield return SlowAsync("rescheduled work", 2);
        }
    }

    [Coroutine]
    static IEnumerable<Yield> TimeoutSection()
    {
        Section("timeouts: WaitFor and a Timeout scope");
        var quick = WaitFor(FetchAsync("quick", 0.5), 1);
        yield return quick;
        Say($"WaitFor within the limit: {quick.Result}");

        var late = WaitFor(SlowAsync("WaitFor work", 5), 1);
        yield return Settle(late);
        Say($"WaitFor over the limit: {late.Exception?.GetType().Name}");

        var scoped = WithinAsync(1, 5);
        yield return Settle(scoped);
        Say($"using (Timeout(1)) around 5s of work: {scoped.Exception?.GetType().Name}");

        var moved = RescheduledAsync();
        yield return Settle(moved);
        Say($"rescheduled scope: {(moved.Exception is null ? "finished in time" : moved.Exception.GetType().Name)}");
    }

    // TaskGroup: structured concurrency. The first failure cancels the siblings; the group ends once every member
    // has ended and reports the failures together.
    [Coroutine]
    static IEnumerable<Yield> Members(TaskGroup group)
    {
        group.CreateTask(SlowAsync("member-1", 3));
        group.CreateTask(SlowAsync("member-2", 4));
        group.CreateTask(BrokenAsync("member-3", 1));
        yield return Sleep(10);
        Say("the body is cancelled too: this line never prints");
    }

    [Coroutine]
    static IEnumerable<Yield> TaskGroupSection()
    {
        Section("TaskGroup: one member fails, the others are cancelled");
        var group = TaskGroup.Run(group => MembersAsync(group));
        yield return Settle(group);
        var failure = (TaskGroupException)group.Exception!;
        Say($"group failed with {failure.InnerExceptions.Count} failure(s): {string.Join(", ", failure.InnerExceptions.Select(e => e.Message))}");
    }

    // Shield: cancelling the waiter does not cancel the shielded work, which finishes on its own.
    [Coroutine]
    static IEnumerable<Yield> Waiter(CoroutineTask<string> precious)
    {
        yield return Shield(precious);
        Say("the waiter never gets here");
    }

    [Coroutine]
    static IEnumerable<Yield> ShieldSection()
    {
        Section("Shield: cancel the waiter, not the work");
        var precious = CreateTask(FetchAsync("precious work", 2), "precious");
        var waiter = CreateTask(WaiterAsync(precious), "waiter");
        yield return Sleep(1);
        waiter.Cancel();
        yield return Settle(waiter);
        Say($"waiter cancelled: {waiter.Cancelled}; precious work still running: {!precious.Done}");
        yield return precious;
        Say($"precious work finished anyway: {precious.Result}");
    }

    // async for: a reader whose ReadLine waits between lines and returns nothing at the end, read through an async
    // generator. The generator runs only when the consumer pulls, one line per pull; leaving the using closes it.
    public sealed partial class Reader(params string[] lines)
    {
        private int _next;

        [Coroutine]
        public IEnumerable<Yield<string>> ReadLine()
        {
            yield return Sleep(0.5);
            yield return Return(_next < lines.Length ? lines[_next++] : "");
        }
    }

    [Coroutine]
    static IEnumerable<Emit<string>> Lines(Reader reader)
    {
        while (true)
        {
            var line = reader.ReadLineAsync();
            yield return line;
            if (line.Result == "")
            {
                yield break;
            }

            yield return Emit(line.Result);
        }
    }

    // async with: Defer registers cleanup that itself waits (a goodbye, then the close), run when the coroutine ends
    // however it ends: normally, by an exception, or, as here, cancelled in the middle of its work.
    public sealed partial class Connection(string name)
    {
        public static int Open { get; private set; }

        [Coroutine]
        public static IEnumerable<Yield<Connection>> Connect(string name)
        {
            yield return Sleep(0.5);
            Open++;
            Say($"{name}: connected");
            yield return Return(new Connection(name));
        }

        [Coroutine]
        public IEnumerable<Yield> Close()
        {
            Say($"{name}: closing, the goodbye takes 0.5s");
            yield return Sleep(0.5);
            Open--;
            Say($"{name}: closed");
        }
    }

    [Coroutine]
    static IEnumerable<Yield> Query(string name)
    {
        var connecting = Connection.ConnectAsync(name);
        yield return connecting;
        var connection = connecting.Result;
        yield return Defer(connection.CloseAsync);
        Say($"{name}: querying");
        yield return Sleep(10);
        Say("the query is cancelled first: this line never prints");
    }

    [Coroutine]
    static IEnumerable<Yield> AsyncForAndWithSection()
    {
        Section("async for and async with: pulled lines, a connection closed on cancel");
        using (var lines = LinesAsync(new Reader("GET / HTTP/1.1", "Host: example.org", "Accept: */*")))
        {
            while (true)
            {
                yield return lines.Next();
                if (lines.Ended)
                {
                    break;
                }

                Say($"line: {lines.Current}");
            }
        }

        var query = CreateTask(QueryAsync("db"));
        yield return Sleep(1);
        query.Cancel();
        yield return Settle(query);
        Say($"query cancelled: {query.Cancelled}; connections still open: {Connection.Open}");
    }
}
