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
        foreach (int seed in seeds)
        {
            foreach ((int p, double? cancelAt) in Scenarios(seed))
            {
                try
                {
                    Oracle.AssertSame(loaded, RandomTemplate.MethodName(seed), new object?[] { p }, cancelAt, typeName: RandomTemplate.TypeName(seed), logType: "H");
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

    /// <summary>The CI seeds do exercise closures in conditions and suspension points, local-function delegates and patterns.</summary>
    [Theory]
    [InlineData("if (Keep(acts, () =>")]
    [InlineData("yield return Pause(acts, () =>")]
    [InlineData("acts.Add(L")]
    [InlineData("is { Value: var k")]
    [InlineData("is Box(var k")]
    [InlineData("acts.Add(() =>")]
    public void RandomTemplates_ProduceEachConstructOften(string construct)
    {
        int templates = Enumerable.Range(0, 2000).Count(seed => RandomTemplate.Generate(seed).Contains(construct, StringComparison.Ordinal));
        Assert.True(templates >= 100, $"only {templates} of 2000 templates contain '{construct}'");
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
