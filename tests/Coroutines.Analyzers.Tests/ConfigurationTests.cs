using Coroutines.CodeFixes;
using Microsoft.CodeAnalysis;
using static Coroutines.Analyzers.Tests.Verifiers.CoroutineVerifier;

namespace Coroutines.Analyzers.Tests;

/// <summary>
/// The .editorconfig surface (ANALYZERS.md (b)): the coro_analyzer.* behaviour keys and the standard severity keys, fed
/// through analyzer config documents the way the compiler receives them.
/// </summary>
public class ConfigurationTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;
        using Coroutines;
        using static Coroutines.Co;

        """;

    private static (string, string) EditorConfig(string body) => (SourceDirectory + ".editorconfig", "root = true\n\n[*.cs]\n" + body + "\n");

    private const string LambdaSource = Usings + """
        partial class C
        {
            static void Later(Action a) { }

            static void Offload(Action a) { }

            [Coroutine]
            static IEnumerable<Yield> Work()
            {
                Action direct = () => {|CORO001:Thread.Sleep(10)|};
                Later(delegate { {|CORO001:Thread.Sleep(20)|}; });
                Offload(() => Thread.Sleep(30));
                yield return RunInExecutor(() => Thread.Sleep(40));
                GetRunningLoop().CallSoon(() => Thread.Sleep(50));
                System.Linq.Expressions.Expression<Action> tree = () => Thread.Sleep(60);
                void Local() => Thread.Sleep(70);
                Local();
                yield break;
            }
        }
        """;

    [Fact]
    public Task ReportInLambdas_Default_LambdasAreNotCoroutineContext() => VerifyAnalyzerWithConfigAsync(
        new BlockingSleepAnalyzer(),
        LambdaSource.Replace("{|CORO001:", "").Replace(")|}", ")"),
        EditorConfig("coro_analyzer.report_in_lambdas = false"));

    [Fact]
    public Task ReportInLambdas_True_ReportsInLambdasButNotExecutorLoopOrExpressionDelegates() => VerifyAnalyzerWithConfigAsync(
        new BlockingSleepAnalyzer(),
        LambdaSource.Replace("Offload(() => Thread.Sleep(30))", "Offload(() => {|CORO001:Thread.Sleep(30)|})"),
        EditorConfig("coro_analyzer.report_in_lambdas = true"));

    [Fact]
    public Task ExecutorMethods_ExemptsTheirDelegates() => VerifyAnalyzerWithConfigAsync(
        new BlockingSleepAnalyzer(),
        LambdaSource,
        EditorConfig("coro_analyzer.report_in_lambdas = true\ncoro_analyzer.executor_methods = Offload, SomethingElse"));

    [Fact]
    public Task ReportInLambdas_AppliesToEveryBlockingRule() => VerifyAnalyzerWithConfigAsync(
        new SyncWaitAnalyzer(),
        Usings + """
        partial class C
        {
            [Coroutine]
            static IEnumerable<Yield> Work(Task<int> t)
            {
                Func<int> read = () => [|t.Result|];
                yield break;
            }
        }
        """,
        EditorConfig("coro_analyzer.report_in_lambdas = true"));

    [Fact]
    public Task ReportInLambdas_DiagnosticInLambda_HasNoFix() => VerifyNoCodeFixAsync(
        new BlockingSleepAnalyzer(),
        new BlockingSleepCodeFixProvider(),
        Usings + """
        partial class C
        {
            [Coroutine]
            static IEnumerable<Yield> Work()
            {
                Action a = () => { [|Thread.Sleep(10)|]; };
                a();
                yield break;
            }
        }
        """,
        EditorConfig("coro_analyzer.report_in_lambdas = true"));

    private const string SleepSource = Usings + """
        partial class C
        {
            [Coroutine]
            static IEnumerable<Yield> Work(int ms)
            {
                Thread.Sleep(0);
                Thread.Sleep(5);
                [|Thread.Sleep(50)|];
                [|Thread.Sleep(ms)|];
                [|Thread.Sleep(TimeSpan.FromMilliseconds(1))|];
                yield break;
            }
        }
        """;

    [Fact]
    public Task SleepMinMs_ConstantSleepsBelowThresholdAreTolerated() => VerifyAnalyzerWithConfigAsync(
        new BlockingSleepAnalyzer(), SleepSource, EditorConfig("coro_analyzer.sleep_min_ms = 10"));

    [Fact]
    public Task SleepMinMs_DefaultAndGarbageValues_ReportEverySleep() => VerifyAnalyzerWithConfigAsync(
        new BlockingSleepAnalyzer(),
        SleepSource.Replace("Thread.Sleep(0);", "[|Thread.Sleep(0)|];").Replace("Thread.Sleep(5);", "[|Thread.Sleep(5)|];"),
        EditorConfig("coro_analyzer.sleep_min_ms = ten"));

    private const string DiscoverySource = Usings + """
        class Device
        {
            public void Send(int x) { }
            public Task SendAsync(int x) => Task.CompletedTask;
        }

        partial class C
        {
            [Coroutine]
            static IEnumerable<Yield> Work(Stream s, byte[] buf, Device d, string path)
            {
                {|CORO004:s.Write(buf, 0, 1)|};
                var text = {|CORO004:File.ReadAllText(path)|};
                [|d.Send(1)|];
                yield break;
            }
        }
        """;

    [Fact]
    public Task AsyncSiblingDiscovery_All_IsTheDefault() => VerifyAnalyzerWithConfigAsync(
        new AsyncSiblingAnalyzer(), DiscoverySource.Replace("[|d.Send(1)|]", "{|CORO004:d.Send(1)|}"), EditorConfig("coro_analyzer.async_sibling_discovery = all"));

    [Fact]
    public Task AsyncSiblingDiscovery_Curated_OnlyReportsWellKnownTypes() => VerifyAnalyzerWithConfigAsync(
        new AsyncSiblingAnalyzer(), DiscoverySource.Replace("[|d.Send(1)|]", "d.Send(1)"), EditorConfig("coro_analyzer.async_sibling_discovery = curated"));

    [Fact]
    public Task Options_ApplyPerSection() => VerifyAnalyzerWithConfigAsync(
        new BlockingSleepAnalyzer(),
        SleepSource.Replace("Thread.Sleep(0);", "[|Thread.Sleep(0)|];").Replace("Thread.Sleep(5);", "[|Thread.Sleep(5)|];"),
        (SourceDirectory + ".editorconfig", "root = true\n\n[Other*.cs]\ncoro_analyzer.sleep_min_ms = 10\n"));

    private const string SeveritySource = Usings + """
        partial class C
        {
            [Coroutine]
            static IEnumerable<Yield> Work(string path)
            {
                Thread.Sleep(10);
                var text = File.ReadAllText(path);
                yield break;
            }
        }
        """;

    [Theory]
    [InlineData("error", DiagnosticSeverity.Error)]
    [InlineData("warning", DiagnosticSeverity.Warning)]
    [InlineData("suggestion", DiagnosticSeverity.Info)]
    public async Task SeverityOverride_IsHonoured(string configured, DiagnosticSeverity expected)
    {
        var diagnostics = await GetConfiguredDiagnosticsAsync(
            [new BlockingSleepAnalyzer(), new AsyncSiblingAnalyzer()],
            SeveritySource,
            EditorConfig($"dotnet_diagnostic.CORO001.severity = {configured}"));
        Assert.Equal(expected, Assert.Single(diagnostics, d => d.Id == "CORO001").Severity);

        // Only the configured id moves.
        Assert.Equal(DiagnosticSeverity.Warning, Assert.Single(diagnostics, d => d.Id == "CORO004").Severity);
    }

    [Fact]
    public async Task SeverityNone_SuppressesTheRule()
    {
        var diagnostics = await GetConfiguredDiagnosticsAsync(
            [new BlockingSleepAnalyzer(), new AsyncSiblingAnalyzer()],
            SeveritySource,
            EditorConfig("dotnet_diagnostic.CORO001.severity = none"));
        Assert.Equal(["CORO004"], diagnostics.Select(d => d.Id));
    }

    [Fact]
    public async Task CategorySeverity_AppliesToEveryEnabledRule_ButDoesNotEnableOptInRules()
    {
        var diagnostics = await GetConfiguredDiagnosticsAsync(
            [new BlockingSleepAnalyzer(), new AsyncSiblingAnalyzer(), new FileSystemMetadataAnalyzer()],
            SeveritySource.Replace("Thread.Sleep(10);", "Thread.Sleep(10); _ = File.Exists(path);"),
            EditorConfig("dotnet_analyzer_diagnostic.category-Coroutines.severity = error"));
        Assert.Equal(["CORO001", "CORO004"], diagnostics.Select(d => d.Id));
        Assert.All(diagnostics, d => Assert.Equal(DiagnosticSeverity.Error, d.Severity));
    }

    [Fact]
    public async Task SeverityOverride_EnablesAnOptInRule()
    {
        var diagnostics = await GetConfiguredDiagnosticsAsync(
            [new FileSystemMetadataAnalyzer()],
            SeveritySource.Replace("Thread.Sleep(10);", "_ = File.Exists(path);"),
            EditorConfig("dotnet_diagnostic.CORO010.severity = warning"));
        Assert.Equal(DiagnosticSeverity.Warning, Assert.Single(diagnostics).Severity);
    }

    [Fact]
    public async Task GlobalConfig_SeverityIsHonoured()
    {
        var diagnostics = await GetConfiguredDiagnosticsAsync(
            [new BlockingSleepAnalyzer()],
            SeveritySource,
            ("/configs/my.globalconfig", "is_global = true\nglobal_level = -100\n\ndotnet_diagnostic.CORO001.severity = error\ncoro_analyzer.sleep_min_ms = 5\n"));
        Assert.Equal(DiagnosticSeverity.Error, Assert.Single(diagnostics).Severity);
    }

    [Fact]
    public async Task GlobalConfig_OptionIsHonoured()
    {
        var diagnostics = await GetConfiguredDiagnosticsAsync(
            [new BlockingSleepAnalyzer()],
            SeveritySource,
            ("/configs/my.globalconfig", "is_global = true\nglobal_level = -100\n\ncoro_analyzer.sleep_min_ms = 100\n"));
        Assert.Empty(diagnostics);
    }

    [Fact]
    public Task ReportInLambdas_AsyncSiblingInLambda_HasNoFix() => VerifyNoCodeFixAsync(
        new AsyncSiblingAnalyzer(),
        new AsyncSiblingCodeFixProvider(),
        Usings + """
        partial class C
        {
            [Coroutine]
            static IEnumerable<Yield> Work(string path)
            {
                Func<string> read = () => [|File.ReadAllText(path)|];
                yield break;
            }
        }
        """,
        EditorConfig("coro_analyzer.report_in_lambdas = true"));
}
