using System.Globalization;

namespace Flags;

public sealed record FlagsOptions(int Count, int Concurrency, string? Server, string OutputDirectory, int LatencyMilliseconds)
{
    public static FlagsOptions Parse(string[] args)
    {
        var options = new FlagsOptions(Count: 60, Concurrency: 10, Server: null, OutputDirectory: Path.Combine(Path.GetTempPath(), "flags"), LatencyMilliseconds: 300);
        for (int i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            options = args[i] switch
            {
                "--count" => options with { Count = Math.Clamp(int.Parse(Next(), CultureInfo.InvariantCulture), 1, Countries.ByPopulation.Count) },
                "--concurrency" => options with { Concurrency = Math.Max(1, int.Parse(Next(), CultureInfo.InvariantCulture)) },
                "--server" => options with { Server = Next().TrimEnd('/') },
                "--out" => options with { OutputDirectory = Next() },
                "--latency" => options with { LatencyMilliseconds = Math.Max(0, int.Parse(Next(), CultureInfo.InvariantCulture)) },
                _ => throw new ArgumentException($"unknown option {args[i]}; use --count N --concurrency N --server URL --out DIR --latency MS"),
            };
        }

        return options;
    }
}
