using Coroutines.Generator.Tests.Infrastructure;

namespace Coroutines.Generator.Tests.Corpus;

/// <summary>
/// Switches users write around suspension points: on sibling results, with <c>when</c> clauses whose lambdas capture
/// loop variables, on a span, with list and relational patterns, <c>goto case</c>, and switch expressions.
/// </summary>
public sealed class SwitchAndPatternTests
{
    private static readonly LoadedTemplates s_loaded = LoadedTemplates.Compile(Templates.InClassT("""
            [Coroutine]
            static IEnumerable<Yield<string>> Command(int i)
            {
                yield return Sleep(0.1 * i);
                yield return Return(i switch { 0 => "start", 1 => "stop", 2 => "pause", _ => "unknown " + i });
            }

            static bool Matches(List<Func<string>> seen, Func<string> f, string expected)
            {
                seen.Add(f);
                return f() == expected;
            }

            static ReadOnlySpan<char> Head(Func<string> text) => text().AsSpan(0, 2);

            [Coroutine]
            static IEnumerable<Yield<int>> Dispatch(int n)
            {
                var seen = new List<Func<string>>();
                var handled = 0;
                for (var i = 0; i < n; i++)
                {
                    var command = CommandAsync(i);
                    yield return command;
                    var text = command.Result;
                    switch (text)
                    {
                        case var s when Matches(seen, () => $"{s}#{i}", "start#0"):
                            Note("starting");
                            yield return Sleep(1);
                            handled++;
                            goto case "pause";
                        case "stop":
                            yield return default;
                            Note("stopping");
                            break;
                        case "pause":
                            yield return Sleep(0.5);
                            Note($"pausing after {text}");
                            handled += 10;
                            break;
                        case { Length: > 5 } unknown when unknown.StartsWith("unknown"):
                            Note($"what is {unknown}?");
                            yield return default;
                            break;
                    }

                    switch (Head(() => text + i))
                    {
                        case "st":
                            yield return default;
                            Note($"st-command {i}");
                            break;
                        default:
                            break;
                    }
                }

                var summary = handled switch
                {
                    0 => "none",
                    < 10 => "few",
                    _ => "many",
                };
                yield return Sleep(0.25);
                Note($"{summary}; {string.Join(",", seen.Select(f => f()))}");
                yield return Return(handled);
            }

            [Coroutine]
            static IEnumerable<Yield<string>> ListPatterns(int[] values)
            {
                var totals = CreateTask(CommandAsync(values.Length));
                yield return totals;
                switch (values)
                {
                    case [var first, .. var middle, var last] when middle.Length > 0:
                        yield return Sleep(first);
                        Note($"first {first}, last {last}, middle {middle.Length}");
                        yield return Return($"{totals.Result}:{first + last}");
                        break;
                    case [var only]:
                        yield return default;
                        yield return Return($"{totals.Result}:only {only}");
                        break;
                    default:
                        yield return Return($"{totals.Result}:{values.Length}");
                        break;
                }
            }
        """));

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    public void SwitchOnSiblingResults_WithCapturingWhenClausesAndASpan(int n) =>
        Assert.Contains("result", Oracle.AssertSameUnderEveryCancellation(s_loaded, "Dispatch", n));

    [Theory]
    [InlineData(new[] { 1, 2, 3 }, "first 1, last 3, middle 1")]
    [InlineData(new[] { 7 }, "result \"stop:only 7\"")]
    [InlineData(new int[0], "result \"start:0\"")]
    public void ListPatternsAcrossSuspensions(int[] values, string expected) =>
        Assert.Contains(expected, Oracle.AssertSameUnderEveryCancellation(s_loaded, "ListPatterns", values));
}
