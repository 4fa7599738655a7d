using Coroutines.Generator.Tests.Infrastructure;

namespace Coroutines.Generator.Tests.Runtime;

/// <summary>Milestone-1 constructs: generated coroutines behave exactly as the compiler's iterator.</summary>
public sealed class StraightLineTests
{
    private static readonly LoadedTemplates s_loaded = LoadedTemplates.Compile(Templates.InClassT("""
            [Coroutine]
            static IEnumerable<Yield> Sequence(string name, int count)
            {
                Note($"start {name}");
                int total = 0;
                int i = 0;
                while (i < count)
                {
                    total += i;
                    Note($"tick {i} total {total}");
                    yield return Sleep(1);
                    i++;
                }

                if (total > 2)
                {
                    Note("big");
                    yield return default;
                }
                else
                {
                    Note("small");
                }

                Note($"end {total}");
            }

            [Coroutine]
            static IEnumerable<Yield<int>> Answer(int delay)
            {
                yield return Sleep(delay);
                var child = SequenceAsync("child", 2);
                yield return child;
                Note("after child");
                yield return Return(delay * 14);
            }

            [Coroutine]
            static IEnumerable<Yield> EarlyExit(bool stop)
            {
                Note("a");
                yield return Sleep(0.5);
                if (stop) yield break;
                Note("b");
                yield return Sleep(0.5);
                Note("c");
            }

            [Coroutine]
            static IEnumerable<Yield> Finally(int failAt)
            {
                try
                {
                    Note("outer try");
                    try
                    {
                        for (int i = 0; i < 3; i++)
                        {
                            if (i == failAt) throw new InvalidOperationException($"boom {i}");
                            Note($"step {i}");
                            yield return Sleep(1);
                        }
                    }
                    finally
                    {
                        Note("inner finally");
                    }

                    yield return Sleep(1);
                    Note("between");
                }
                finally
                {
                    Note("outer finally");
                }
            }

            [Coroutine]
            static IEnumerable<Yield<string>> ReturnInsideTry()
            {
                try
                {
                    yield return Sleep(1);
                    yield return Return("done");
                }
                finally
                {
                    Note("finally after return");
                }
            }

            [Coroutine]
            static IEnumerable<Yield> AwaitsFailure(bool settle)
            {
                var future = Co.GetRunningLoop().CreateFuture<int>();
                Co.GetRunningLoop().CallLater(1, () => future.SetException(new InvalidOperationException("failed future")));
                try
                {
                    Note("waiting");
                    if (settle) yield return Settle(future);
                    else yield return future;
                    Note($"settled {future.Exception?.Message}");
                }
                finally
                {
                    Note("finally");
                }
            }

            [Coroutine]
            static IEnumerable<Yield> Tasks()
            {
                yield return Task.CompletedTask;
                Note("after completed task");
                yield return Task.FromResult(3);
                Note("after task result");
            }
        """));

    [Theory]
    [InlineData("x", 0)]
    [InlineData("y", 2)]
    [InlineData("z", 3)]
    public void Sequence_MatchesIterator(string name, int count)
    {
        string trace = Oracle.AssertSame(s_loaded, "Sequence", new object?[] { name, count });
        Assert.Contains($"end {Enumerable.Range(0, count).Sum()}", trace);
    }

    [Fact]
    public void Answer_ReturnsValueAfterInlineChild()
    {
        string trace = Oracle.AssertSame(s_loaded, "Answer", new object?[] { 3 });
        Assert.Contains("result 42", trace);
        Assert.Contains("after child", trace);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void EarlyExit_YieldBreakMatchesIterator(bool stop)
    {
        string trace = Oracle.AssertSame(s_loaded, "EarlyExit", new object?[] { stop });
        Assert.Equal(!stop, trace.Contains(" c"));
    }

    [Theory]
    [InlineData(-1, null)]
    [InlineData(0, null)]
    [InlineData(2, null)]
    [InlineData(-1, 0.5)]
    [InlineData(-1, 2.5)]
    [InlineData(-1, 3.5)]
    public void Finally_RunsInOrderOnCompletionFailureAndCancellation(int failAt, double? cancelAt)
    {
        string trace = Oracle.AssertSame(s_loaded, "Finally", new object?[] { failAt }, cancelAt);
        Assert.Contains("outer finally", trace);
        Assert.True(trace.IndexOf("inner finally", StringComparison.Ordinal) < trace.IndexOf("outer finally", StringComparison.Ordinal));
    }

    [Fact]
    public void ReturnInsideTry_RunsFinallyThenCompletes()
    {
        string trace = Oracle.AssertSame(s_loaded, "ReturnInsideTry");
        Assert.Contains("finally after return", trace);
        Assert.Contains("result \"done\"", trace);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void AwaitsFailure_SurfacesAtTheYieldPoint(bool settle)
    {
        string trace = Oracle.AssertSame(s_loaded, "AwaitsFailure", new object?[] { settle });
        Assert.Equal(!settle, trace.Contains("InvalidOperationException: failed future"));
    }

    [Fact]
    public void Tasks_ResumeAfterCompletedTasks()
    {
        string trace = Oracle.AssertSame(s_loaded, "Tasks");
        Assert.Contains("after task result", trace);
    }

    [Fact]
    public void CallingTheSibling_RunsNoTemplateCode()
    {
        List<string> log = s_loaded.Log("T");
        log.Clear();
        Coroutine coroutine = s_loaded.Generated("T", "SequenceAsync", null, "cold", 2);
        Assert.Empty(log);
        Assert.Equal("Sequence", coroutine.Name);
        Assert.Equal(CoroutineState.Created, coroutine.State);
    }
}
