using System.Text.RegularExpressions;
using Coroutines.Generator.Tests.Infrastructure;

namespace Coroutines.Generator.Tests.Debugging;

/// <summary>
/// An exception that crosses awaiting templates shows each of them in <c>ex.ToString()</c>: the throw line of the
/// template that raised it, then the <c>yield return</c> line of every template that awaited it, innermost first,
/// inline, across a task boundary, through Gather and out of a TaskGroup.
/// </summary>
public sealed class ExceptionChainTests
{
    private const string Source = """
        using System;
        using System.Collections.Generic;
        using Coroutines;
        using static Coroutines.Co;

        public static partial class Chain
        {
            [Coroutine]
            public static IEnumerable<Yield> Leaf()
            {
                yield return Sleep(0.1);
                throw new InvalidOperationException("the leaf failed");   // @leaf-throw
            }

            [Coroutine]
            public static IEnumerable<Yield> Middle()
            {
                var leaf = LeafAsync();
                yield return leaf;                                         // @middle-await
            }

            [Coroutine]
            public static IEnumerable<Yield> Outer()
            {
                yield return Sleep(0);
                yield return MiddleAsync();                                // @outer-await
            }

            [Coroutine]
            public static IEnumerable<Yield> OuterOfTask()
            {
                var task = CreateTask(MiddleAsync());
                yield return task;                                         // @task-await
            }

            [Coroutine]
            public static IEnumerable<Yield> Fine()
            {
                yield return Sleep(1);
            }

            [Coroutine]
            public static IEnumerable<Yield> OuterOfGather()
            {
                var tasks = new[] { CreateTask(FineAsync()), CreateTask(MiddleAsync()) };
                yield return Gather(tasks);                                // @gather-await
            }

            [Coroutine]
            public static IEnumerable<Yield> Group(TaskGroup group)
            {
                group.CreateTask(FineAsync());
                group.CreateTask(MiddleAsync());
                yield return Sleep(5);
            }

            [Coroutine]
            public static IEnumerable<Yield> OuterOfTaskGroup()
            {
                yield return TaskGroup.Run(group => GroupAsync(group));    // @group-await
            }
        }
        """;

    private static readonly LoadedTemplates s_loaded = LoadedTemplates.CompileWithSymbols(Source);

    [Fact]
    public void Three_inline_levels_show_the_throw_line_then_each_awaiting_line()
    {
        var trace = Failure("OuterAsync").ToString();

        // Frames read like .NET's async ones: the sibling a user calls, never the generated class or runtime plumbing.
        AssertLinesInOrder(trace, "leaf-throw", "middle-await", "outer-await");
        Assert.Contains($"at Chain.LeafAsync() in {Location("leaf-throw")}", trace);
        Assert.Contains($"at Chain.MiddleAsync() in {Location("middle-await")}", trace);
        Assert.Contains($"at Chain.OuterAsync() in {Location("outer-await")}", trace);
        Assert.DoesNotContain("_Coroutine", trace);
        Assert.DoesNotContain("RunFrames", trace);
    }

    [Fact]
    public void A_task_boundary_keeps_the_chain_inside_the_task_and_adds_the_line_that_awaited_the_task()
    {
        AssertLinesInOrder(Failure("OuterOfTaskAsync").ToString(), "leaf-throw", "middle-await", "task-await");
    }

    [Fact]
    public void Gather_passes_the_failing_child_chain_to_the_line_that_awaited_the_gather()
    {
        AssertLinesInOrder(Failure("OuterOfGatherAsync").ToString(), "leaf-throw", "middle-await", "gather-await");
    }

    [Fact]
    public void A_task_group_failure_carries_the_child_chain_and_the_line_that_awaited_the_group()
    {
        var failure = Failure("OuterOfTaskGroupAsync");
        var child = failure is AggregateException group ? group.InnerExceptions.Single() : failure;
        AssertLinesInOrder(child.ToString(), "leaf-throw", "middle-await");
        Assert.Contains(Location("group-await"), failure.ToString());
    }

    [Fact]
    public void A_cancellation_adds_no_frames()
    {
        var loop = EventLoop.CreateVirtual();
        var task = loop.CreateTask(s_loaded.Generated("Chain", "OuterAsync", null));
        loop.CallLater(0.05, () => task.Cancel());
        var cancelled = Assert.ThrowsAny<OperationCanceledException>(() => loop.RunUntilComplete(task));
        Assert.DoesNotContain(Location("outer-await"), cancelled.ToString());
        loop.Close();
    }

    private static Exception Failure(string sibling)
    {
        var loop = EventLoop.CreateVirtual();
        try
        {
            return Assert.ThrowsAny<Exception>(() => loop.RunUntilComplete(s_loaded.Generated("Chain", sibling, null)));
        }
        finally
        {
            loop.Close();
        }
    }

    private static string Location(string marker)
    {
        var lines = Source.Split('\n');
        var line = Array.FindIndex(lines, l => l.Contains("// @" + marker + "\r") || l.TrimEnd().EndsWith("// @" + marker, StringComparison.Ordinal)) + 1;
        Assert.True(line > 0, $"no line marked @{marker}");
        return $"{GeneratorHarness.TemplatePath}:line {line}";
    }

    private static void AssertLinesInOrder(string trace, params string[] markers)
    {
        var at = 0;
        foreach (var marker in markers)
        {
            var location = Location(marker);
            var found = trace.IndexOf(location, at, StringComparison.Ordinal);
            Assert.True(found >= 0, $"'{location}' (@{marker}) missing after position {at} in:\n{trace}");
            at = found + location.Length;
        }

        Assert.Single(Regex.Matches(trace, Regex.Escape(Location(markers[0]))));
    }
}
