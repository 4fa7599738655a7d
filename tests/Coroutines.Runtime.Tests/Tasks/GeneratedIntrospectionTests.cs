using static Coroutines.Co;
using Coroutines.Runtime.Tests.Infrastructure;

namespace Coroutines.Runtime.Tests.Tasks;

/// <summary>Introspection of generated coroutines: file and line come from the template.</summary>
public partial class GeneratedIntrospectionTests
{
    [Coroutine]
    private static IEnumerable<Yield> Leaf(double seconds)
    {
        yield return Sleep(seconds);
        throw new InvalidDataException("leaf failed");
    }

    [Coroutine]
    private static IEnumerable<Yield> Middle(double seconds)
    {
        yield return LeafAsync(seconds);
    }

    [Coroutine]
    private static IEnumerable<Yield> Outer(double seconds)
    {
        yield return MiddleAsync(seconds);
    }

    private static int LineOf(string text)
    {
        string[] lines = File.ReadAllLines(ThisFile());
        return Array.FindIndex(lines, l => l.Contains(text, StringComparison.Ordinal)) + 1;
    }

    // The generator names the template file by its real path; [CallerFilePath] may be path-mapped in CI builds.
    private static string ThisFile() => Path.Combine(ProjectPaths.Directory, "Tasks", "GeneratedIntrospectionTests.cs");

    [Fact]
    public void A_suspended_generated_task_shows_template_lines_in_its_stack_repr_and_dump()
    {
        var loop = EventLoop.CreateVirtual();
        CoroutineTask task = loop.CreateTask(OuterAsync(10), "nested");
        IReadOnlyList<CoroutineFrame>? stack = null;
        string? repr = null;
        var dump = new StringWriter();
        loop.CallLater(1, () =>
        {
            stack = task.GetStack();
            repr = task.ToString();
            loop.DumpTasks(dump);
        });
        Assert.Throws<InvalidDataException>(() => loop.RunUntilComplete(task));

        // Printed relative to the project, as asyncio prints a module path.
        const string file = "Tasks/GeneratedIntrospectionTests.cs";
        int outerLine = LineOf("yield return MiddleAsync(seconds);");
        int middleLine = LineOf("yield return LeafAsync(seconds);");
        int leafLine = LineOf("yield return Sleep(seconds);");
        Assert.Equal(new[]
        {
            $"Outer() at {file}:{outerLine}",
            $"Middle() at {file}:{middleLine}",
            $"Leaf() at {file}:{leafLine}",
            "Sleep(10)",
        }, stack!.Select(f => f.ToString()));
        Assert.Equal($"<CoroutineTask pending name='nested' coro=<coroutine Outer() running at {file}:{outerLine}>>", repr);
        Assert.Contains("1 pending task(s):", dump.ToString());
        Assert.Contains($"  Leaf() at {file}:{leafLine}", dump.ToString());
    }

    [Fact]
    public void An_exception_from_nested_generated_coroutines_carries_the_coroutine_stack_outermost_first()
    {
        var loop = EventLoop.CreateVirtual();
        InvalidDataException error = Assert.Throws<InvalidDataException>(() => loop.RunUntilComplete(OuterAsync(1)));
        const string file = "Tasks/GeneratedIntrospectionTests.cs";
        Assert.Equal(
            string.Join(Environment.NewLine,
                "Coroutine stack (outermost first):",
                $"  Outer() at {file}:{LineOf("yield return MiddleAsync(seconds);")}",
                $"  Middle() at {file}:{LineOf("yield return LeafAsync(seconds);")}",
                $"  Leaf() in {file} raised it"),
            CoroutineStack.Of(error));

        // #line maps the throwing frame of the generated state machine to the template line. The directory part is
        // path-mapped in CI builds (/_/), so only the file name is compared.
        Assert.Contains($"{Path.DirectorySeparatorChar}{Path.GetFileName(file)}:line {LineOf("throw new InvalidDataException(\"leaf failed\");")}", error.StackTrace);
    }

    [Fact]
    public void A_failure_nobody_retrieved_is_reported_with_the_chain_of_templates_in_its_trace()
    {
        var loop = EventLoop.CreateVirtual();
        var reported = new List<LoopExceptionContext>();
        loop.SetExceptionHandler((_, context) => reported.Add(context));
        loop.CreateTask(OuterAsync(1));
        loop.RunUntilComplete(FromIterator(Wait(5)));
        loop.Close();

        var context = Assert.Single(reported);
        Assert.StartsWith("Task exception was never retrieved", context.Message);
        var trace = context.ToString();
        Assert.Contains(".GeneratedIntrospectionTests.LeafAsync(Double seconds) in ", trace);
        Assert.Contains($"GeneratedIntrospectionTests.cs:line {LineOf("throw new InvalidDataException(\"leaf failed\");")}", trace);
        Assert.Contains($"GeneratedIntrospectionTests.cs:line {LineOf("yield return LeafAsync(seconds);")}", trace);
        Assert.Contains($"GeneratedIntrospectionTests.cs:line {LineOf("yield return MiddleAsync(seconds);")}", trace);

        static IEnumerable<Yield> Wait(double seconds)
        {
            yield return Sleep(seconds);
        }
    }
}
