using Coroutines.Generator.Tests.Infrastructure;

namespace Coroutines.Generator.Tests.Corpus;

/// <summary>
/// Async generator templates (<c>IEnumerable&lt;Emit&lt;T&gt;&gt;</c>) and the templates that consume them, as users
/// write both: each pair runs as the compiler's iterators and as generated code, cancelled after every note.
/// </summary>
public sealed class AsyncGeneratorTemplateTests
{
    private static readonly LoadedTemplates s_loaded = LoadedTemplates.Compile(Templates.InClassT("""
            [Coroutine]
            static IEnumerable<Yield<int>> Square(int i)
            {
                yield return Sleep(0.25);
                yield return Return(i * i);
            }

            [Coroutine]
            static IEnumerable<Emit<int>> Squares(int n, int failAt)
            {
                try
                {
                    foreach (var i in Enumerable.Range(0, n))
                    {
                        Note($"producing {i}");
                        var square = SquareAsync(i);
                        yield return square;
                        if (i == failAt)
                        {
                            throw new InvalidOperationException($"failed at {i}");
                        }

                        yield return Emit(square.Result);
                        Note($"resumed after {i}");
                    }
                }
                finally
                {
                    Note("producer finally");
                }
            }

            [Coroutine]
            static IEnumerable<Emit<string>> Words(string text)
            {
                var words = text.Split(' ').Where(w => w.Length > 0).ToList();
                string Shout(string w) => w.ToUpperInvariant() + "!";
                for (var i = 0; i < words.Count; i++)
                {
                    if (words[i] == "stop")
                    {
                        yield break;
                    }

                    yield return Sleep(0.5);
                    yield return Emit(i % 2 == 0 ? words[i] : Shout(words[i]));
                }
            }

            [Coroutine]
            static IEnumerable<Yield<int>> Sum(AsyncGenerator<int> squares, int stopAbove)
            {
                var total = 0;
                using (squares)
                {
                    while (true)
                    {
                        yield return squares.Next();
                        if (squares.Ended)
                        {
                            break;
                        }

                        Note($"got {squares.Current}");
                        total += squares.Current;
                        if (total > stopAbove)
                        {
                            Note("enough");
                            break;
                        }
                    }
                }

                yield return Return(total);
            }

            [Coroutine]
            static IEnumerable<Yield<string>> Join(AsyncGenerator<string> words)
            {
                var seen = new List<string>();
                using (words)
                {
                    while (true)
                    {
                        var next = Settle(words.Next());
                        yield return next;
                        if (next.Exception is { } failure)
                        {
                            Note($"failed: {failure.Message}");
                            break;
                        }

                        if (words.Ended)
                        {
                            break;
                        }

                        seen.Add(words.Current);
                        Note(words.Current);
                    }
                }

                yield return Return(string.Join(" ", seen));
            }
        """));

    private static string Pair(string consumer, string producer, object?[] producerArguments, params object?[] consumerArguments) =>
        Oracle.AssertSameUnderEveryCancellation(s_loaded, raw =>
        {
            AsyncGenerator generator = raw
                ? s_loaded.RawGenerator("T", producer, null, producerArguments)
                : s_loaded.GeneratedGenerator("T", producer + "Async", null, producerArguments);
            object?[] arguments = consumerArguments.Prepend(generator).ToArray();
            return raw ? s_loaded.Raw("T", consumer, null, arguments) : s_loaded.Generated("T", consumer + "Async", null, arguments);
        });

    [Theory]
    [InlineData(4, -1, 100, "result 14")]
    [InlineData(6, -1, 4, "enough")]
    [InlineData(5, 2, 100, "InvalidOperationException: failed at 2")]
    public void GeneratorTemplates_PulledByConsumerTemplates(int n, int failAt, int stopAbove, string expected)
    {
        string trace = Pair("Sum", "Squares", new object?[] { n, failAt }, stopAbove);
        Assert.Contains(expected, trace);
        Assert.Contains("producer finally", trace);
    }

    [Theory]
    [InlineData("a b c d", "result \"a B! c D!\"")]
    [InlineData("x y stop z", "result \"x Y!\"")]
    public void GeneratorTemplates_WithLocalFunctionsAndYieldBreak(string text, string expected) =>
        Assert.Contains(expected, Pair("Join", "Words", new object?[] { text }));
}
