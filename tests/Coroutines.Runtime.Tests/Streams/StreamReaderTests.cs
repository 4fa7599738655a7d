using System.Text;
using Coroutines.Runtime.Tests.Infrastructure;
using static Coroutines.Co;

namespace Coroutines.Runtime.Tests.Streams;

/// <summary>The reader's buffer logic, fed by hand on a virtual-time loop (no sockets).</summary>
public class StreamReaderTests
{
    private static byte[] B(string text) => Encoding.ASCII.GetBytes(text);

    private static string S(byte[] bytes) => Encoding.ASCII.GetString(bytes);

    private static void RunVirtual(Func<IEnumerable<Yield>> main)
    {
        EventLoop loop = EventLoop.CreateVirtual();
        try
        {
            loop.RunUntilComplete(FromIterator(main()));
        }
        finally
        {
            loop.Close();
        }
    }

    [Fact]
    public void ReadLine_returns_whole_lines_then_the_partial_tail_then_empty_at_eof()
    {
        var lines = new List<string>();
        IEnumerable<Yield> Main()
        {
            var reader = new CoStreamReader();
            reader.FeedData(B("one\ntw"));
            reader.FeedData(B("o\nthr"));
            reader.FeedEof();
            for (int i = 0; i < 4; i++)
            {
                Coroutine<byte[]> line = reader.ReadLine();
                yield return line;
                lines.Add(S(line.Result));
            }

            Assert.True(reader.AtEof);
        }

        RunVirtual(Main);
        Assert.Equal(new[] { "one\n", "two\n", "thr", "" }, lines);
    }

    [Fact]
    public void ReadLine_waits_for_data_fed_later_from_a_timer()
    {
        var trace = new List<string>();
        IEnumerable<Yield> Main()
        {
            var reader = new CoStreamReader();
            EventLoop loop = GetRunningLoop();
            loop.CallLater(1, () => reader.FeedData(B("hel")));
            loop.CallLater(2, () => reader.FeedData(B("lo\n")));
            Coroutine<byte[]> line = reader.ReadLine();
            yield return line;
            trace.Add($"{S(line.Result).TrimEnd()} at {loop.Time()}");
        }

        RunVirtual(Main);
        Assert.Equal(new[] { "hello at 2" }, trace);
    }

    [Fact]
    public void Read_returns_what_is_buffered_up_to_n_and_minus_one_reads_to_eof()
    {
        var got = new List<string>();
        IEnumerable<Yield> Main()
        {
            var reader = new CoStreamReader();
            reader.FeedData(B("abcdef"));
            Coroutine<byte[]> some = reader.Read(4);
            yield return some;
            got.Add(S(some.Result));
            GetRunningLoop().CallLater(1, () => reader.FeedData(B("gh")));
            GetRunningLoop().CallLater(2, () => reader.FeedEof());
            Coroutine<byte[]> rest = reader.Read();
            yield return rest;
            got.Add(S(rest.Result));
            Coroutine<byte[]> after = reader.Read(10);
            yield return after;
            got.Add($"[{S(after.Result)}]");
        }

        RunVirtual(Main);
        Assert.Equal(new[] { "abcd", "efgh", "[]" }, got);
    }

    [Fact]
    public void ReadExactly_at_eof_throws_IncompleteReadException_with_the_partial_bytes_and_expected_count()
    {
        IncompleteReadException? caught = null;
        IEnumerable<Yield> Main()
        {
            var reader = new CoStreamReader();
            reader.FeedData(B("12345"));
            Coroutine<byte[]> first = reader.ReadExactly(3);
            yield return first;
            Assert.Equal("123", S(first.Result));
            reader.FeedEof();
            Coroutine<byte[]> second = reader.ReadExactly(10);
            yield return Settle(second);
            caught = Assert.IsType<IncompleteReadException>(second.Exception);
            Assert.True(reader.AtEof);
        }

        RunVirtual(Main);
        Assert.Equal("45", S(caught!.Partial));
        Assert.Equal(10, caught.Expected);
        Assert.IsAssignableFrom<EndOfStreamException>(caught);
    }

    [Fact]
    public void ReadUntil_past_the_limit_throws_LimitOverrun_and_keeps_the_data()
    {
        LimitOverrunException? caught = null;
        string? afterwards = null;
        IEnumerable<Yield> Main()
        {
            var reader = new CoStreamReader(limit: 8);
            reader.FeedData(B("0123456789AB"));
            Coroutine<byte[]> until = reader.ReadUntil((byte)'|');
            yield return Settle(until);
            caught = Assert.IsType<LimitOverrunException>(until.Exception);
            Assert.Equal(12, reader.BufferedCount);
            reader.FeedData(B("|"));
            Coroutine<byte[]> exact = reader.ReadExactly(13);
            yield return exact;
            afterwards = S(exact.Result);
        }

        RunVirtual(Main);
        Assert.Equal(12, caught!.Consumed);
        Assert.Equal("0123456789AB|", afterwards);
    }

    [Fact]
    public void ReadUntil_finds_a_separator_split_across_two_feeds()
    {
        string? got = null;
        IEnumerable<Yield> Main()
        {
            var reader = new CoStreamReader();
            GetRunningLoop().CallLater(1, () => reader.FeedData(B("head\r")));
            GetRunningLoop().CallLater(2, () => reader.FeedData(B("\nbody")));
            Coroutine<byte[]> until = reader.ReadUntil(B("\r\n"));
            yield return until;
            got = S(until.Result);
            Assert.Equal(4, reader.BufferedCount);
        }

        RunVirtual(Main);
        Assert.Equal("head\r\n", got);
    }

    [Fact]
    public void ReadLine_over_the_limit_discards_that_line_and_the_next_line_reads_normally()
    {
        var got = new List<string>();
        IEnumerable<Yield> Main()
        {
            var reader = new CoStreamReader(limit: 4);
            reader.FeedData(B("much too long\nok\n"));
            Coroutine<byte[]> tooLong = reader.ReadLine();
            yield return Settle(tooLong);
            got.Add(tooLong.Exception!.GetType().Name);
            Coroutine<byte[]> next = reader.ReadLine();
            yield return next;
            got.Add(S(next.Result));
        }

        RunVirtual(Main);
        Assert.Equal(new[] { nameof(LimitOverrunException), "ok\n" }, got);
    }

    [Fact]
    public void A_failed_stream_throws_its_exception_at_the_waiting_read()
    {
        Exception? seen = null;
        IEnumerable<Yield> Main()
        {
            var reader = new CoStreamReader();
            var reset = new IOException("reset by peer");
            GetRunningLoop().CallLater(1, () => reader.SetException(reset));
            Coroutine<byte[]> line = reader.ReadLine();
            yield return Settle(line);
            seen = line.Exception;
            Assert.Same(reset, reader.Exception);
        }

        RunVirtual(Main);
        Assert.Equal("reset by peer", Assert.IsType<IOException>(seen).Message);
    }

    [Fact]
    public void Two_tasks_waiting_for_data_at_once_is_an_error_for_the_second()
    {
        Exception? second = null;
        IEnumerable<Yield> Main()
        {
            var reader = new CoStreamReader();
            CoroutineTask<byte[]> first = CreateTask(reader.ReadLine());
            yield return Sleep(0);
            CoroutineTask<byte[]> other = CreateTask(reader.ReadLine());
            yield return Settle(other);
            second = other.Exception;
            reader.FeedData(B("x\n"));
            yield return first;
            Assert.Equal("x\n", S(first.Result));
        }

        RunVirtual(Main);
        Assert.IsType<InvalidOperationException>(second);
    }

    [Fact]
    public void Cancelling_a_blocked_read_loses_no_data_even_when_data_and_cancel_land_together()
    {
        string? later = null;
        bool cancelled = false;
        IEnumerable<Yield> Main()
        {
            var reader = new CoStreamReader();
            CoroutineTask<byte[]> blocked = CreateTask(reader.ReadExactly(6));
            yield return Sleep(0);
            reader.FeedData(B("abc"));
            yield return Sleep(0);

            // The rest arrives and the reading task is cancelled in the same iteration: its waiter is already
            // done, but nothing may be consumed by a task that resumes only to unwind.
            reader.FeedData(B("def"));
            blocked.Cancel();
            yield return Settle(blocked);
            cancelled = blocked.Cancelled;
            Coroutine<byte[]> again = reader.ReadExactly(6);
            yield return again;
            later = S(again.Result);
        }

        RunVirtual(Main);
        Assert.True(cancelled);
        Assert.Equal("abcdef", later);
    }

    [Fact]
    public void ReadInto_fills_the_callers_memory_with_what_is_buffered_and_returns_zero_at_eof()
    {
        var reads = new List<string>();
        IEnumerable<Yield> Main()
        {
            var reader = new CoStreamReader();
            var loop = GetRunningLoop();
            var buffer = new byte[4];
            reader.FeedData(B("abcdef"));
            loop.CallLater(1, () => reader.FeedData(B("gh")));
            loop.CallLater(2, () => reader.FeedEof());
            foreach (var _ in Enumerable.Range(0, 4))
            {
                var read = reader.ReadInto(buffer);
                yield return read;
                reads.Add($"{read.Result}:{S(buffer[..read.Result])} at {loop.Time()}");
            }

            var none = reader.ReadInto(Memory<byte>.Empty);
            yield return none;
            reads.Add($"empty destination: {none.Result}");
        }

        RunVirtual(Main);
        Assert.Equal(new[] { "4:abcd at 0", "2:ef at 0", "2:gh at 1", "0: at 2", "empty destination: 0" }, reads);
    }

    [Fact]
    public void ReadInto_throws_the_streams_failure_and_a_cancelled_one_consumes_nothing()
    {
        string? later = null;
        Exception? failure = null;
        IEnumerable<Yield> Main()
        {
            var reader = new CoStreamReader();
            var buffer = new byte[8];
            var blocked = CreateTask(reader.ReadInto(buffer));
            yield return Sleep(0);

            // Data and the cancellation land in the same iteration: the bytes stay buffered for the next read.
            reader.FeedData(B("abc"));
            blocked.Cancel();
            yield return Settle(blocked);
            Assert.True(blocked.Cancelled);
            Assert.Equal(0, buffer[0]);
            var again = reader.ReadInto(buffer);
            yield return again;
            later = S(buffer[..again.Result]);

            reader.SetException(new IOException("reset"));
            var failed = reader.ReadInto(buffer);
            yield return Settle(failed);
            failure = failed.Exception;
        }

        RunVirtual(Main);
        Assert.Equal("abc", later);
        Assert.Equal("reset", Assert.IsType<IOException>(failure).Message);
    }

    private static IEnumerable<Yield> ConsumeLines(List<string> trace, string name, CoStreamReader reader, string? stopAt = null)
    {
        var loop = GetRunningLoop();
        using (var lines = reader.Lines())
        {
            while (true)
            {
                yield return lines.Next();
                if (lines.Ended)
                {
                    break;
                }

                trace.Add($"{name}: '{lines.Current}' at {loop.Time()}");
                if (lines.Current == stopAt)
                {
                    trace.Add($"{name}: stops early");
                    break;
                }
            }
        }

        trace.Add($"{name}: after the loop at {loop.Time()}");
    }

    private static IEnumerable<Yield> LinesScenario(List<string> trace)
    {
        var loop = GetRunningLoop();
        var reader = new CoStreamReader();
        loop.CallLater(1, () => reader.FeedData(B("alpha\nbe")));
        loop.CallLater(2, () => reader.FeedData(B("ta\r\n\ngamma\ndelta\n")));
        yield return FromIterator(ConsumeLines(trace, "first", reader, stopAt: "gamma"));

        var cancelled = CreateTask(FromIterator(ConsumeLines(trace, "cancelled", reader)));
        loop.CallLater(1, () => reader.FeedData(B("epsi")));
        loop.CallLater(2, () => cancelled.Cancel());
        yield return Settle(cancelled);
        if (cancelled.Cancelled)
        {
            trace.Add($"cancelled: task cancelled at {loop.Time()}");
        }

        loop.CallLater(1, () => reader.FeedData(B("lon\nlast")));
        loop.CallLater(2, () => reader.FeedEof());
        yield return FromIterator(ConsumeLines(trace, "last", reader));
    }

    [Fact]
    public void Lines_is_asyncios_async_for_over_the_reader_one_readline_per_pull()
    {
        Scenario.Run(LinesScenario, out var trace);
        PythonTwin.AssertMatches("reader_lines", trace);
    }
}
