using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using static Coroutines.Co;

namespace Coroutines.Runtime.Tests.Interop;

/// <summary>
/// Async generators and <see cref="IAsyncEnumerable{T}"/>, both ways: <c>await foreach</c> over a generator from async
/// code, and <see cref="Co.FromAsyncEnumerable{T}"/> pulled from a template.
/// </summary>
public class AsyncEnumerableTests
{
    private static IEnumerable<Emit<int>> Numbers(ConcurrentQueue<string> trace, int count, int? failAt = null)
    {
        yield return Defer(() => FromIterator(SlowGoodbye(trace)));
        try
        {
            for (var i = 0; i < count; i++)
            {
                yield return Sleep(0.001);
                if (i == failAt)
                {
                    throw new InvalidDataException($"no item {i}");
                }

                trace.Enqueue($"emits {i}");
                yield return Emit(i);
            }
        }
        finally
        {
            trace.Enqueue("finally");
        }
    }

    private static IEnumerable<Yield> SlowGoodbye(ConcurrentQueue<string> trace)
    {
        yield return Sleep(0.001);
        trace.Enqueue("deferred cleanup done");
    }

    [Fact]
    public async Task Await_foreach_pulls_each_item_on_a_loop_thread_of_its_own_and_cleans_up_before_the_loop_ends()
    {
        var trace = new ConcurrentQueue<string>();
        var caller = Environment.CurrentManagedThreadId;

        await foreach (var n in FromIterator(Numbers(trace, 3)))
        {
            trace.Enqueue($"got {n}");
        }

        trace.Enqueue("after await foreach");
        Assert.Equal(
            new[] { "emits 0", "got 0", "emits 1", "got 1", "emits 2", "got 2", "finally", "deferred cleanup done", "after await foreach" },
            trace);
        Assert.NotEqual(0, caller);
    }

    [Fact]
    public async Task Breaking_out_of_await_foreach_closes_the_generator_and_waits_for_its_async_cleanup()
    {
        var trace = new ConcurrentQueue<string>();

        await foreach (var n in FromIterator(Numbers(trace, 100)))
        {
            trace.Enqueue($"got {n}");
            if (n == 1)
            {
                break;
            }
        }

        trace.Enqueue("after await foreach");
        Assert.Equal(
            new[] { "emits 0", "got 0", "emits 1", "got 1", "finally", "deferred cleanup done", "after await foreach" },
            trace);
    }

    [Fact]
    public async Task A_generator_failure_surfaces_at_MoveNextAsync_with_its_own_type_after_the_generator_unwound()
    {
        var trace = new ConcurrentQueue<string>();
        var got = new List<int>();

        var failure = await Assert.ThrowsAsync<InvalidDataException>(async () =>
        {
            await foreach (var n in FromIterator(Numbers(trace, 5, failAt: 2)))
            {
                got.Add(n);
            }
        });

        Assert.Equal("no item 2", failure.Message);
        Assert.Equal(new[] { 0, 1 }, got);
        Assert.Equal(new[] { "emits 0", "emits 1", "finally", "deferred cleanup done" }, trace);
    }

    [Fact]
    public async Task Cancelling_the_token_cancels_the_pull_in_flight_and_unwinds_the_generator()
    {
        var trace = new ConcurrentQueue<string>();
        using var stop = new CancellationTokenSource();
        IEnumerable<Emit<int>> Endless()
        {
            try
            {
                yield return Emit(1);
                yield return Sleep(3600);
                yield return Emit(2);
            }
            finally
            {
                trace.Enqueue("unwound");
            }
        }

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var n in FromIterator(Endless()).WithCancellation(stop.Token))
            {
                trace.Enqueue($"got {n}");
                stop.CancelAfter(TimeSpan.FromMilliseconds(10));
            }
        });

        Assert.Equal(new[] { "got 1", "unwound" }, trace);
    }

    [Fact]
    public void Async_code_on_the_loop_thread_enumerates_a_generator_as_tasks_of_that_same_loop()
    {
        var trace = new ConcurrentQueue<string>();
        async Task<int> SumAsync(AsyncGenerator<int> numbers)
        {
            var loop = GetRunningLoop();
            var sum = 0;
            await foreach (var n in numbers)
            {
                Assert.Same(loop, GetRunningLoop());
                sum += n;
            }

            await Task.Delay(1);
            Assert.Same(loop, GetRunningLoop());
            return sum;
        }

        IEnumerable<Yield<int>> Main()
        {
            var sum = Await(SumAsync(FromIterator(Numbers(trace, 4))));
            yield return sum;
            yield return Return(sum.Result);
        }

        Assert.Equal(6, Run(FromIterator(Main())));
        Assert.Equal("deferred cleanup done", trace.Last());
    }

    private static async IAsyncEnumerable<string> Rows(
        ConcurrentQueue<string> trace, int count, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        try
        {
            for (var i = 0; i < count; i++)
            {
                await Task.Delay(1, cancellationToken);
                yield return $"row {i}";
            }
        }
        finally
        {
            trace.Enqueue(cancellationToken.IsCancellationRequested ? "source: cancelled and disposed" : "source: disposed");
        }
    }

    [Fact]
    public void A_template_pulls_an_IAsyncEnumerable_item_by_item_and_disposes_it_at_the_end()
    {
        var trace = new ConcurrentQueue<string>();
        IEnumerable<Yield> Main()
        {
            var rows = FromAsyncEnumerable(Rows(trace, 3));
            yield return Defer(rows.CloseAsync);
            while (true)
            {
                yield return rows.Next();
                if (rows.Ended)
                {
                    break;
                }

                trace.Enqueue($"got {rows.Current}");
            }

            trace.Enqueue("consumer done");
        }

        Run(FromIterator(Main()));
        Assert.Equal(new[] { "got row 0", "got row 1", "got row 2", "source: disposed", "consumer done" }, trace);
    }

    [Fact]
    public void Leaving_early_through_CloseAsync_disposes_the_source_before_the_consumer_goes_on()
    {
        var trace = new ConcurrentQueue<string>();
        IEnumerable<Yield> Main()
        {
            var rows = FromAsyncEnumerable(Rows(trace, 100));
            yield return rows.Next();
            trace.Enqueue($"got {rows.Current}");
            yield return rows.CloseAsync();
            trace.Enqueue("consumer goes on");
            yield return rows.Next();
            trace.Enqueue(rows.Ended ? "a closed stream ends" : "still open");
        }

        Run(FromIterator(Main()));
        Assert.Equal(new[] { "got row 0", "source: disposed", "consumer goes on", "a closed stream ends" }, trace);
    }

    [Fact]
    public void Cancelling_the_consumer_mid_pull_cancels_the_sources_MoveNextAsync_and_disposes_it_before_the_task_ends()
    {
        var trace = new ConcurrentQueue<string>();
        IEnumerable<Yield> Consumer()
        {
            var rows = FromAsyncEnumerable(Rows(trace, 1_000_000));
            yield return Defer(rows.CloseAsync);
            while (true)
            {
                yield return rows.Next();
                if (rows.Ended)
                {
                    break;
                }
            }
        }

        IEnumerable<Yield> Main()
        {
            var consumer = CreateTask(FromIterator(Consumer()));
            yield return Sleep(0.02);
            consumer.Cancel();
            yield return Settle(consumer);
            trace.Enqueue(consumer.Cancelled ? "consumer cancelled" : "consumer not cancelled");
        }

        Run(FromIterator(Main()));
        Assert.Equal(new[] { "source: cancelled and disposed", "consumer cancelled" }, trace);
    }

    [Fact]
    public void A_source_failure_reaches_the_consumer_at_its_pull()
    {
        static async IAsyncEnumerable<int> Broken()
        {
            yield return 1;
            await Task.Yield();
            throw new TimeoutException("the database went away");
        }

        IEnumerable<Yield<string>> Main()
        {
            var rows = FromAsyncEnumerable(Broken());
            yield return rows.Next();
            var first = rows.Current;
            var second = Settle(rows.Next());
            yield return second;
            yield return Return($"{first}, then {second.Exception?.GetType().Name}: {second.Exception?.Message}");
        }

        Assert.Equal("1, then TimeoutException: the database went away", Run(FromIterator(Main())));
    }

    [Fact]
    public async Task A_coroutine_stream_round_trips_through_IAsyncEnumerable_and_back()
    {
        var trace = new ConcurrentQueue<string>();
        IEnumerable<Yield<int>> SumOf(IAsyncEnumerable<int> source)
        {
            var numbers = FromAsyncEnumerable(source);
            yield return Defer(numbers.CloseAsync);
            var sum = 0;
            while (true)
            {
                yield return numbers.Next();
                if (numbers.Ended)
                {
                    break;
                }

                sum += numbers.Current;
            }

            yield return Return(sum);
        }

        IAsyncEnumerable<int> asAsyncEnumerable = FromIterator(Numbers(trace, 4));
        var sum = await RunAsync(FromIterator(SumOf(asAsyncEnumerable)));

        Assert.Equal(6, sum);
        Assert.Equal("deferred cleanup done", trace.Last());
    }
}
