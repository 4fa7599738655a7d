using Coroutines.Generator.Tests.Infrastructure;

namespace Coroutines.Generator.Tests.Corpus;

/// <summary>
/// Collections of tasks and coroutines as users build them: arrays, lists, dictionaries, LINQ and tuples, iterated
/// with <c>foreach</c> (deconstructing too) around suspension points.
/// </summary>
public sealed class TaskCollectionTests
{
    private static readonly LoadedTemplates s_loaded = LoadedTemplates.Compile(Templates.InClassT("""
            [Coroutine]
            static IEnumerable<Yield<string>> Waiter(string name, Future<int> fut)
            {
                Note($"{name} waits");
                yield return fut;
                Note($"{name} got {fut.Result}");
                yield return Return(name + "!");
            }

            [Coroutine]
            static IEnumerable<Yield<int>> Length(string text, double delay)
            {
                yield return Sleep(delay);
                Note($"measured {text}");
                yield return Return(text.Length);
            }

            [Coroutine]
            static IEnumerable<Yield> ForEachOverTaskArray(int value)
            {
                var fut = GetRunningLoop().CreateFuture<int>();
                var ws = new[] { CreateTask(WaiterAsync("w1", fut)), CreateTask(WaiterAsync("w2", fut)) };
                yield return Sleep(1);
                fut.SetResult(value);
                foreach (var w in ws)
                {
                    yield return w;
                    Note($"{w.Result} done");
                }
            }

            [Coroutine]
            static IEnumerable<Yield<int>> ListOfCoroutines(int n)
            {
                var jobs = new List<Coroutine<int>>();
                for (var i = 0; i < n; i++)
                {
                    jobs.Add(LengthAsync(new string('x', i + 1), 0.5 * i));
                }

                var total = 0;
                foreach (var job in jobs)
                {
                    yield return job;
                    total += job.Result;
                    Note($"running total {total}");
                }

                yield return Return(total);
            }

            [Coroutine]
            static IEnumerable<Yield<int>> DictionaryOfTasks()
            {
                var words = new[] { "alpha", "be", "gamma" };
                var byWord = words.ToDictionary(w => w, w => CreateTask(LengthAsync(w, w.Length * 0.25)));
                var sum = 0;
                foreach (var (word, task) in byWord)
                {
                    yield return task;
                    Note($"{word} has {task.Result}");
                    sum += task.Result;
                }

                foreach (var pair in byWord.OrderByDescending(p => p.Value.Result))
                {
                    yield return Sleep(0.1);
                    Note($"ranked {pair.Key}");
                }

                yield return Return(sum);
            }

            [Coroutine]
            static IEnumerable<Yield<int>> TuplesOfTasks()
            {
                var pairs = new List<(string Name, CoroutineTask<int> Task)>
                {
                    ("short", CreateTask(LengthAsync("ab", 2))),
                    ("long", CreateTask(LengthAsync("abcdef", 1))),
                };
                var (first, second) = (CreateTask(LengthAsync("x", 0.5)), CreateTask(LengthAsync("yy", 0.25)));
                yield return first;
                yield return second;
                Note($"first {first.Result}, second {second.Result}");
                var best = 0;
                foreach (var (name, task) in pairs)
                {
                    yield return task;
                    Note($"{name}: {task.Result}");
                    best = Math.Max(best, task.Result);
                }

                var named = pairs[0];
                yield return Sleep(1);
                Note($"{named.Name} again {named.Task.Result}");
                yield return Return(best + first.Result + second.Result);
            }

            [Coroutine]
            static IEnumerable<Yield<int>> GatherOfAListThroughLinq(int n)
            {
                var tasks = Enumerable.Range(1, n).Select(i => CreateTask(LengthAsync(new string('z', i), 1.0 / i))).ToArray();
                var all = Gather(tasks);
                yield return all;
                var lengths = all.Result.Select(r => r * 2).ToList();
                foreach (var length in lengths)
                {
                    yield return Sleep(0.1);
                    Note($"doubled {length}");
                }

                yield return Return(lengths.Sum());
            }

            [Coroutine]
            static IEnumerable<Yield<int>> AsCompletedOfCoroutines()
            {
                var coros = new[] { LengthAsync("three", 3), LengthAsync("one", 1), LengthAsync("two", 2) };
                var order = new List<int>();
                foreach (var f in AsCompleted(coros))
                {
                    yield return f;
                    order.Add(f.Result);
                    Note($"next {f.Result}");
                }

                yield return Return(order.Aggregate(0, (a, b) => a * 10 + b));
            }

            [Coroutine]
            static IEnumerable<Yield<int>> QueueOfWork(int workers)
            {
                var queue = new AsyncQueue<(string Word, double Delay)>();
                foreach (var word in new[] { "a", "bbb", "cc", "dddd" })
                {
                    queue.PutNowait((word, word.Length * 0.5));
                }

                var results = new List<int>();
                var tasks = Enumerable.Range(0, workers).Select(w => CreateTask(WorkerAsync(w, queue, results))).ToList();
                yield return queue.Join();
                foreach (var t in tasks)
                {
                    t.Cancel();
                }

                var settled = Gather(tasks.Select(t => (object)t), returnExceptions: true);
                yield return settled;
                Note($"workers ended: {settled.Result.Count(r => r is CancelledException)}");
                yield return Return(results.Sum());
            }

            [Coroutine]
            static IEnumerable<Yield> Worker(int id, AsyncQueue<(string Word, double Delay)> queue, List<int> results)
            {
                while (true)
                {
                    var get = queue.Get();
                    yield return get;
                    var (word, delay) = get.Result;
                    yield return Sleep(delay);
                    Note($"worker {id} did {word}");
                    results.Add(word.Length);
                    queue.TaskDone();
                }
            }
        """));

    [Theory]
    [InlineData(7)]
    public void ForEachOverAnArrayOfTasks(int value) =>
        Assert.Contains("w2! done", Oracle.AssertSameUnderEveryCancellation(s_loaded, "ForEachOverTaskArray", value));

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    public void ForEachOverAListOfCoroutines(int n) =>
        Assert.Contains("result", Oracle.AssertSameUnderEveryCancellation(s_loaded, "ListOfCoroutines", n));

    [Fact]
    public void DeconstructingForEachOverADictionaryOfTasks() =>
        Assert.Contains("ranked alpha", Oracle.AssertSameUnderEveryCancellation(s_loaded, "DictionaryOfTasks"));

    [Fact]
    public void TuplesOfTasks_DeconstructedAndIterated() =>
        Assert.Contains("short again 2", Oracle.AssertSameUnderEveryCancellation(s_loaded, "TuplesOfTasks"));

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void GatherOfLinqTasks(int n) =>
        Assert.Contains("doubled 2", Oracle.AssertSameUnderEveryCancellation(s_loaded, "GatherOfAListThroughLinq", n));

    [Fact]
    public void AsCompletedOfAnArrayOfCoroutines() =>
        Assert.Contains("result 335", Oracle.AssertSameUnderEveryCancellation(s_loaded, "AsCompletedOfCoroutines"));

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void QueueOfTuples_WorkersDeconstructWhatTheyGet(int workers) =>
        Assert.Contains("result 10", Oracle.AssertSameUnderEveryCancellation(s_loaded, "QueueOfWork", workers));
}
