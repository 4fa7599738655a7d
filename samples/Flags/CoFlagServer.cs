using System.Globalization;
using System.Text;
using Coroutines;
using static Coroutines.Co;

namespace Flags;

/// <summary>
/// The flag server as coroutines on Streams: a minimal HTTP/1.1 responder (one request per connection) with the same
/// routes, latency, missing and failing codes as <see cref="FlagServer"/>. It runs on the downloader's own loop — and
/// so under a <see cref="Simulation"/>, where the ASP.NET server cannot.
/// </summary>
public static partial class CoFlagServer
{
    /// <summary>Starts serving on <paramref name="host"/>:<paramref name="port"/> (0: any free port).</summary>
    public static Future<CoServer> Start(FlagServerOptions options, string host = "127.0.0.1", int port = 0)
    {
        var random = new Random(options.Seed);
        return Streams.StartServer((reader, writer) => ServeAsync(reader, writer, options, random), host, port);
    }

    [Coroutine]
    private static IEnumerable<Yield> Serve(CoStreamReader reader, CoStreamWriter writer, FlagServerOptions options, Random random)
    {
        yield return Defer(writer.CloseAndWait);
        var head = reader.ReadUntil("\r\n\r\n"u8);
        yield return Settle(head);
        if (head.Exception is not null)
        {
            yield break; // the client went away (or sent a head past the limit): nothing to answer
        }

        var requestLine = Encoding.ASCII.GetString(head.Result).Split("\r\n")[0].Split(' ');
        var segments = requestLine.Length == 3 && requestLine[0] == "GET"
            ? requestLine[1].Split('/', StringSplitOptions.RemoveEmptyEntries)
            : Array.Empty<string>();
        yield return Sleep(random.Next(0, options.MaxLatencyMilliseconds + 1) / 1000.0);

        var (status, body, contentType) = segments is ["flags", var cc, var file]
            ? FlagCatalog.Respond(options, cc, file)
            : (404, Array.Empty<byte>(), "text/plain");
        var reason = status switch { 200 => "OK", 404 => "Not Found", _ => "Internal Server Error" };
        writer.WriteString(string.Create(CultureInfo.InvariantCulture,
            $"HTTP/1.1 {status} {reason}\r\nContent-Type: {contentType}\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n"));
        writer.Write(body);
        var sent = writer.Drain();
        yield return Settle(sent);
        if (sent.Exception is not null)
        {
            yield break; // the client left before taking the answer (a reset): nobody to tell
        }
    }
}
