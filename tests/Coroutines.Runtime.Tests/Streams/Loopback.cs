using System.Text;
using static Coroutines.Co;

namespace Coroutines.Runtime.Tests.Streams;

/// <summary>Helpers for socket tests: real-time loops with a deadline, loopback servers, and the loop's error log.</summary>
internal static class Loopback
{
    public const string Host = "127.0.0.1";

    /// <summary>Runs <paramref name="main"/> with <c>Co.Run</c>; a hang becomes a <see cref="TimeoutException"/>
    /// after <paramref name="seconds"/>. Returns what the loop's exception handler received.</summary>
    public static List<LoopExceptionContext> Run(Func<IEnumerable<Yield>> main, double seconds = 30)
    {
        var errors = new List<LoopExceptionContext>();
        // Typed on purpose: WaitFor over an untyped coroutine trips on its result in this runtime version.
        IEnumerable<Yield<bool>> Typed()
        {
            yield return FromIterator(main());
            yield return Return(true);
        }

        IEnumerable<Yield> Guarded()
        {
            GetRunningLoop().SetExceptionHandler((_, context) => errors.Add(context));
            yield return WaitFor(FromIterator(Typed()), seconds);
        }

        Co.Run(FromIterator(Guarded()));
        return errors;
    }

    public static Func<CoStreamReader, CoStreamWriter, Coroutine> Handler(Func<CoStreamReader, CoStreamWriter, IEnumerable<Yield>> template) =>
        (reader, writer) => FromIterator(template(reader, writer));

    /// <summary>Echoes every chunk until the peer half-closes, then closes.</summary>
    public static IEnumerable<Yield> Echo(CoStreamReader reader, CoStreamWriter writer)
    {
        while (true)
        {
            Coroutine<byte[]> chunk = reader.Read(64 * 1024);
            yield return chunk;
            if (chunk.Result.Length == 0)
            {
                break;
            }

            writer.Write(chunk.Result);
            yield return writer.Drain();
        }

        writer.Close();
        yield return writer.WaitClosed();
    }

    /// <summary>Echoes lines; answers an over-long line with "too long" and goes on.</summary>
    public static IEnumerable<Yield> LineEcho(CoStreamReader reader, CoStreamWriter writer)
    {
        while (true)
        {
            Coroutine<byte[]> line = reader.ReadLine();
            yield return Settle(line);
            if (line.Exception is LimitOverrunException)
            {
                writer.WriteLine("too long");
                continue;
            }

            byte[] bytes = line.Result;
            if (bytes.Length == 0)
            {
                break;
            }

            writer.Write(bytes);
            yield return writer.Drain();
        }

        writer.Close();
    }

    public static byte[] B(string text) => Encoding.ASCII.GetBytes(text);

    public static string S(byte[] bytes) => Encoding.ASCII.GetString(bytes);
}
