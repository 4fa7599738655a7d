using Coroutines.Generator.Tests.Infrastructure;

namespace Coroutines.Generator.Tests.Runtime;

/// <summary>
/// Interpolation holes that start with a name the generator qualifies (<c>{Math.Max(a, 2)}</c> becomes
/// <c>global::System.Math.Max(a, 2)</c>): a bare <c>global::</c> in a hole would read as a format clause, so the
/// generated hole must stay an expression.
/// </summary>
public sealed class InterpolationTests
{
    private static readonly LoadedTemplates s_loaded = LoadedTemplates.Compile(Templates.InClassT("""
            static double s_start = 1.5;

            [Coroutine]
            static IEnumerable<Yield> Holes(int a)
            {
                Note($"{Math.Max(a, 2)} {DateTimeKind.Utc} {Math.PI:0.00} {a + Math.Abs(-a),4}");
                yield return Sleep(1);
                Note($"{GetRunningLoop().Time() - s_start:0.0} {string.Concat("x", a.ToString())}|{Math.Abs(-a),-3}|");
            }
        """));

    [Fact]
    public void Holes_that_start_with_a_qualified_name_keep_their_alignment_and_format()
    {
        string trace = Oracle.AssertSame(s_loaded, "Holes", new object?[] { 7 });
        Assert.Contains("0 7 Utc 3.14   14", trace);
        Assert.Contains("1 -0.5 x7|7  |", trace);
    }
}
