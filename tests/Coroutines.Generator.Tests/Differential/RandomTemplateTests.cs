using Coroutines.Generator.Tests.Infrastructure;

namespace Coroutines.Generator.Tests.Differential;

/// <summary>
/// The differential test: random templates (<see cref="RandomTemplate"/>) run as generated coroutines and as the
/// compiler's iterators, with several arguments and a cancellation, must give identical traces.
/// CI runs seeds 0..1999 in batches of 100 templates per compilation. Long run, any range:
/// <c>CORO_DIFF_FIRST_SEED=100000 CORO_DIFF_COUNT=20000 dotnet test tests/Coroutines.Generator.Tests --filter RandomTemplateTests</c>.
/// </summary>
public sealed class RandomTemplateTests
{
    private static readonly int BatchSize = int.TryParse(Environment.GetEnvironmentVariable("CORO_DIFF_BATCH"), out int b) ? b : 100;

    private static int FirstSeed => int.TryParse(Environment.GetEnvironmentVariable("CORO_DIFF_FIRST_SEED"), out int first) ? first : 0;

    private static int Count => int.TryParse(Environment.GetEnvironmentVariable("CORO_DIFF_COUNT"), out int count) ? count : 2000;

    public static IEnumerable<object[]> Batches() =>
        Enumerable.Range(0, (Count + BatchSize - 1) / BatchSize).Select(b => new object[] { FirstSeed + (b * BatchSize) });

    [Theory]
    [MemberData(nameof(Batches))]
    public void RandomTemplates_BehaveExactlyLikeTheCompilersIterator(int firstSeed)
    {
        int[] seeds = Enumerable.Range(firstSeed, Math.Min(BatchSize, FirstSeed + Count - firstSeed)).ToArray();
        GeneratorRun run = GeneratorHarness.Run(GeneratorHarness.CreateCompilation(RandomTemplate.File(seeds.Select(RandomTemplate.Generate))));
        LoadedTemplates? maybeLoaded = run.GeneratorDiagnostics.Length == 0 ? LoadedTemplates.TryLoad(run.Output, out _) : null;
        if (maybeLoaded is null)
        {
            Assert.Fail("Generation failed for seeds: " + string.Join("; ", seeds.Select(DescribeGenerationProblem).Where(p => p is not null).Take(3)));
        }

        using LoadedTemplates loaded = maybeLoaded!;
        var failures = new List<string>();
        List<string> log = loaded.Log("H");
        foreach (int seed in seeds)
        {
            Type type = RandomTemplate.ResolveType(loaded.Assembly, seed);
            string method = RandomTemplate.MethodName(seed);
            foreach ((int p, double? cancelAt) in Scenarios(seed))
            {
                try
                {
                    string expected = Trace.Run(() => loaded.Raw(type, method, RandomTemplate.NewReceiver(type, seed), p), log, cancelAt);
                    string actual = Trace.Run(() => loaded.Generated(type, method + "Async", RandomTemplate.NewReceiver(type, seed), p), log, cancelAt);
                    Assert.Equal(expected, actual);
                }
                catch (Exception ex)
                {
                    failures.Add($"seed {seed} (p = {p}, cancelAt = {cancelAt}): {ex.Message}\n{RandomTemplate.Generate(seed)}");
                    break;
                }
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {seeds.Length} templates differ:\n" + string.Join("\n\n", failures.Take(3)));
    }

    /// <summary>
    /// The CI seeds do exercise what users write: closures in conditions, suspension points and finally blocks,
    /// local-function delegates, local functions used before their declaration, from finally, and with sibling-typed
    /// arguments; patterns; var through siblings and their results; collections of tasks in foreach, AsCompleted,
    /// Gather and dictionaries; deconstruction; local iterator functions; generic siblings; and the containers.
    /// </summary>
    [Theory]
    [InlineData("if (Keep(acts, () =>", 100)]
    [InlineData("yield return Pause(acts, () =>", 100)]
    [InlineData("acts.Add(L", 100)]
    [InlineData("is { Value: var k", 100)]
    [InlineData("is Box(var k", 100)]
    [InlineData("acts.Add(() =>", 100)]
    [InlineData("yield return Settle(c", 100)]
    [InlineData(".Result;", 100)]
    [InlineData("= new[] { CreateTask(NumAsync(", 100)]
    [InlineData("in AsCompleted(ts", 100)]
    [InlineData("= Gather(CreateTask(", 100)]
    [InlineData(".ToDictionary(i => \"key\" + i", 100)]
    [InlineData("foreach (var (key", 100)]
    [InlineData("foreach (var (x", 100)]
    [InlineData(") = (", 100)]
    [InlineData("yield break; yield return j", 100)]
    [InlineData("Note(\"early \" + Fn", 100)]
    [InlineData("acts.Add(() => \"fin", 100)]
    [InlineData("Note(\"added \" + Add", 100)]
    [InlineData("= WrapAsync((", 50)]
    [InlineData("case var z", 50)]
    [InlineData("= new { A = ", 100)]
    [InlineData(".Select(i => new { I = i", 100)]
    [InlineData("sealed partial class T", 100)]
    [InlineData("partial record T", 100)]
    [InlineData("partial struct T", 100)]
    [InlineData("partial class G", 100)]
    public void RandomTemplates_ProduceEachConstructOften(string construct, int atLeast)
    {
        int templates = Enumerable.Range(0, 2000).Count(seed => RandomTemplate.Generate(seed).Contains(construct, StringComparison.Ordinal));
        Assert.True(templates >= atLeast, $"only {templates} of 2000 templates contain '{construct}'");
    }

    /// <summary>A local function called from a finally block, somewhere in the CI seeds.</summary>
    [Fact]
    public void RandomTemplates_CallLocalFunctionsFromFinallyBlocks()
    {
        int templates = Enumerable.Range(0, 2000).Count(seed =>
            System.Text.RegularExpressions.Regex.IsMatch(RandomTemplate.Generate(seed), @"Note\(""finally \d+""\);\s*Note\((L\d+\(\)|""fn"" \+ Fn|""add"" \+ Add)"));
        Assert.True(templates >= 50, $"only {templates} of 2000 templates call a local function from a finally block");
    }

    private static IEnumerable<(int P, double? CancelAt)> Scenarios(int seed)
    {
        yield return (0, null);
        yield return (1, null);
        yield return (2 + (seed % 5), null);
        yield return (seed % 4, 0.25 + (seed % 9 * 0.5));
    }

    private static string? DescribeGenerationProblem(int seed)
    {
        string template = RandomTemplate.Generate(seed);
        GeneratorRun run = GeneratorHarness.Run(GeneratorHarness.CreateCompilation(RandomTemplate.File(new[] { template })));
        var problems = run.GeneratorDiagnostics.Concat(run.OutputProblems).ToList();
        return problems.Count == 0
            ? null
            : $"seed {seed}: {string.Join("\n", problems)}\n{template}\n{string.Join("\n", run.Sources.Select(s => s.SourceText.ToString()))}";
    }
}
