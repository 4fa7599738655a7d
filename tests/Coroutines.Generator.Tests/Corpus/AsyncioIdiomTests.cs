using Coroutines.Generator.Tests.Infrastructure;

namespace Coroutines.Generator.Tests.Corpus;

/// <summary>
/// The asyncio idioms templates are written with: <c>using (Timeout(s))</c> blocks (whose Dispose turns the scope's
/// cancellation into a TimeoutException in a finally), settled primitive waits, typed combinators over collections.
/// The generated state machine must unwind exactly like the compiler's iterator.
/// </summary>
public sealed class AsyncioIdiomTests
{
    private static readonly LoadedTemplates s_loaded = LoadedTemplates.Compile(Templates.InClassT("""
            [Coroutine]
            static IEnumerable<Yield<int>> Fetch(string url, double delay)
            {
                Note($"fetch {url}");
                try
                {
                    yield return Sleep(delay);
                    yield return Return(url.Length);
                }
                finally
                {
                    Note($"fetch {url} done");
                }
            }

            [Coroutine]
            static IEnumerable<Yield<int>> FetchWithin(string url, double delay, double limit)
            {
                using (var scope = Timeout(limit))
                {
                    var page = FetchAsync(url, delay);
                    yield return page;
                    Note($"in time, expired={scope.Expired}");
                    yield return Return(page.Result);
                }
            }

            [Coroutine]
            static IEnumerable<Yield<string>> Crawl(double limit)
            {
                var results = new List<string>();
                foreach (var (url, delay) in new[] { ("a", 0.5), ("bbb", 3.0), ("cc", 1.0) })
                {
                    var fetch = FetchWithinAsync(url, delay, limit);
                    yield return Settle(fetch);
                    results.Add(fetch.Exception switch
                    {
                        TimeoutException => $"{url}: timed out",
                        null => $"{url}: {fetch.Result}",
                        var other => $"{url}: {other.GetType().Name}",
                    });
                    Note(results[^1]);
                }

                using (Timeout(10))
                {
                    var all = Gather(new[] { "x", "yy" }.Select(u => CreateTask(FetchAsync(u, 1))).ToList());
                    yield return all;
                    results.Add($"gathered {all.Result.Sum()}");
                }

                yield return Return(string.Join("; ", results));
            }

            [Coroutine]
            static IEnumerable<Yield<int>> Producer(AsyncQueue<int> queue, int count)
            {
                var sent = 0;
                for (var i = 0; i < count; i++)
                {
                    var put = Settle(queue.Put(i));
                    yield return put;
                    if (put.Exception is QueueShutDownException)
                    {
                        Note($"queue closed at {i}");
                        break;
                    }

                    sent++;
                    Note($"sent {i}");
                }

                yield return Return(sent);
            }

            [Coroutine]
            static IEnumerable<Yield<int>> ProduceUntilShutdown(int count)
            {
                var queue = new AsyncQueue<int>(maxSize: 2);
                var producer = CreateTask(ProducerAsync(queue, count));
                yield return Sleep(1);
                var first = queue.Get();
                yield return first;
                Note($"got {first.Result}");
                queue.Shutdown();
                yield return producer;
                yield return Return(producer.Result);
            }
        """));

    [Theory]
    [InlineData(0.75, "a: 1; bbb: timed out; cc: timed out; gathered 3")]
    [InlineData(5.0, "a: 1; bbb: 3; cc: 2; gathered 3")]
    public void TimeoutScopesInTemplates_UnwindLikeTheIterator(double limit, string expected) =>
        Assert.Contains($"result \"{expected}\"", Oracle.AssertSameUnderEveryCancellation(s_loaded, "Crawl", limit));

    [Theory]
    [InlineData(1, "result 1")]
    [InlineData(6, "queue closed at 2")]
    public void SettledPuts_SeeTheShutdown(int count, string expected) =>
        Assert.Contains(expected, Oracle.AssertSameUnderEveryCancellation(s_loaded, "ProduceUntilShutdown", count));
}
