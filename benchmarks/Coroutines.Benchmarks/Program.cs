using BenchmarkDotNet.Running;
using Coroutines.Benchmarks.Peers;

// `dotnet run -c Release --project benchmarks/Coroutines.Benchmarks -- peers` runs the one-command peer comparison;
// anything else goes to BenchmarkDotNet (e.g. `-- --filter *Loop*`).
if (args.Length > 0 && args[0] == "peers")
{
    return PeerComparison.Run(args.Skip(1).ToArray());
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
