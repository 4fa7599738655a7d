using Coroutines;
using static Coroutines.Co;

namespace DocContexts;

/// <summary>What the fragments of docs/semantics.md assume is in scope.</summary>
public static partial class Semantics
{
    public sealed class Image;

    public sealed class NotFoundException(string url) : Exception($"no image at {url}");

    public static readonly Image Placeholder = new();

    public static string url = "https://example.com/cat.png";

    public static Image? image;

    public static string host = "127.0.0.1";

    public static int port = 8888;

    public static readonly AsyncSemaphore sem = new(2);

    /// <summary>A download that fails at once: a future of the running loop.</summary>
    public static Future<Image> Download(string url)
    {
        var download = new Future<Image>(GetRunningLoop());
        download.SetException(new NotFoundException(url));
        return download;
    }

    [Coroutine]
    public static IEnumerable<Yield> Work()
    {
        yield return Sleep(0.1);
    }

    /// <summary>A reader whose ReadLine waits between lines and returns "" at the end.</summary>
    public sealed partial class Reader(params string[] lines)
    {
        private int _next;

        [Coroutine]
        public IEnumerable<Yield<string>> ReadLine()
        {
            yield return Sleep(0.01);
            yield return Return(_next < lines.Length ? lines[_next++] : "");
        }
    }
}
