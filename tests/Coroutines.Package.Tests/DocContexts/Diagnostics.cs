global using System.Collections.Concurrent;
using Coroutines;
using static Coroutines.Co;

namespace DocContexts;

/// <summary>What the examples of docs/diagnostics/*.md assume is in scope.</summary>
public static partial class Diagnostics
{
    public sealed record Job(int Id);

    public static string url = "https://example.com/";

    public static string path = "notes.txt";

    public static string a = "a.txt", b = "b.txt";

    public static string from = "from.txt", to = "to.txt";

    public static int x = 1, value = 42;

    public static bool s_ready;

    public static readonly object s_gate = new();

    public static readonly HttpClient http = new();

    public static readonly BlockingCollection<Job> jobs = new();

    public static Stream input = Stream.Null, output = Stream.Null;

    public static byte[] buffer = new byte[4096];

    public static CancellationToken ct;

    public static EventLoop loop = new();

    public static Future<int> s_readyFuture = new(loop);

    public static Future<int> result = new(loop);

    public static void Check()
    {
    }

    public static void Poll()
    {
    }

    public static int Compute() => 6 * 7;

    public static Task SendAsync(int x) => Task.CompletedTask;

    public static Task SendAsync(int x, CancellationToken ct) => Task.CompletedTask;

    [Coroutine]
    public static IEnumerable<Yield<int>> Count()
    {
        yield return Sleep(0.1);
        yield return Return(3);
    }

    [Coroutine]
    public static IEnumerable<Yield> Save()
    {
        yield return Sleep(0.1);
    }

    [Coroutine]
    public static IEnumerable<Yield> Download(string url)
    {
        yield return Sleep(0.1);
    }

    [Coroutine]
    public static IEnumerable<Yield<string>> Fetch(string url)
    {
        yield return Sleep(0.1);
        yield return Return($"<html>{url}</html>");
    }
}
