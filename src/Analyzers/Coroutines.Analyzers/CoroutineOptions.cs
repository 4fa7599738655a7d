using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Coroutines.Analyzers;

/// <summary>
/// The analyzer-owned <c>.editorconfig</c> / globalconfig keys (ANALYZERS.md (b) "Configuration surface"), read per syntax
/// tree through <see cref="AnalyzerConfigOptionsProvider"/> (RS1035: never from the file system). Unknown or malformed
/// values fall back to the defaults, so a typo never turns a rule off.
/// </summary>
internal sealed class CoroutineOptions
{
    /// <summary><c>true</c>: the blocking rules (CORO001–007, 010, 011) also report inside lambdas and anonymous methods in a coroutine. Default <c>false</c>.</summary>
    public const string ReportInLambdasKey = "coro_analyzer.report_in_lambdas";

    /// <summary><c>all</c> (default): CORO004 discovers <c>XxxAsync</c> siblings on any type; <c>curated</c>: only on the types of ANALYZERS.md (c).</summary>
    public const string AsyncSiblingDiscoveryKey = "coro_analyzer.async_sibling_discovery";

    /// <summary>Comma-separated method names (besides <c>RunInExecutor</c> and <c>ToThread</c>) whose delegate arguments run off the loop and are exempt.</summary>
    public const string ExecutorMethodsKey = "coro_analyzer.executor_methods";

    /// <summary>CORO001 ignores <c>Thread.Sleep(n)</c> with a constant <c>n</c> below this many milliseconds. Default 0 (every sleep).</summary>
    public const string SleepMinMsKey = "coro_analyzer.sleep_min_ms";

    /// <summary>Every key above (presets and docs are checked against it).</summary>
    public static readonly ImmutableArray<string> Keys = ImmutableArray.Create(ReportInLambdasKey, AsyncSiblingDiscoveryKey, ExecutorMethodsKey, SleepMinMsKey);

    /// <summary>The methods whose delegate arguments always run off the loop.</summary>
    public static readonly ImmutableHashSet<string> BuiltInExecutorMethods = ImmutableHashSet.Create(StringComparer.Ordinal, "RunInExecutor", "ToThread");

    public static readonly CoroutineOptions Default = new(false, false, BuiltInExecutorMethods, 0);

    private CoroutineOptions(bool reportInLambdas, bool curatedDiscoveryOnly, ImmutableHashSet<string> executorMethods, int sleepMinMilliseconds)
    {
        ReportInLambdas = reportInLambdas;
        CuratedDiscoveryOnly = curatedDiscoveryOnly;
        ExecutorMethods = executorMethods;
        SleepMinMilliseconds = sleepMinMilliseconds;
    }

    public bool ReportInLambdas { get; }

    public bool CuratedDiscoveryOnly { get; }

    public ImmutableHashSet<string> ExecutorMethods { get; }

    public int SleepMinMilliseconds { get; }

    /// <summary>The options in effect for <paramref name="tree"/> (editorconfig sections and global configs merged by the compiler).</summary>
    public static CoroutineOptions Get(AnalyzerOptions options, SyntaxTree tree)
    {
        AnalyzerConfigOptions config = options.AnalyzerConfigOptionsProvider.GetOptions(tree);
        bool reportInLambdas = config.TryGetValue(ReportInLambdasKey, out string? lambdas) &&
            string.Equals(lambdas.Trim(), "true", StringComparison.OrdinalIgnoreCase);
        bool curated = config.TryGetValue(AsyncSiblingDiscoveryKey, out string? discovery) &&
            string.Equals(discovery.Trim(), "curated", StringComparison.OrdinalIgnoreCase);
        ImmutableHashSet<string> executors = BuiltInExecutorMethods;
        if (config.TryGetValue(ExecutorMethodsKey, out string? names))
        {
            executors = executors.Union(names.Split(new[] { ',', ';', ' ' }, StringSplitOptions.RemoveEmptyEntries).Select(n => n.Trim()));
        }

        int sleepMin = config.TryGetValue(SleepMinMsKey, out string? min) && int.TryParse(min.Trim(), out int parsed) && parsed > 0 ? parsed : 0;
        return reportInLambdas || curated || sleepMin > 0 || executors.Count != BuiltInExecutorMethods.Count
            ? new CoroutineOptions(reportInLambdas, curated, executors, sleepMin)
            : Default;
    }
}
