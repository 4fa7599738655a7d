using BenchmarkDotNet.Running;
using Coroutines.Benchmarks.Peers;

// `dotnet run -c Release --project benchmarks/Coroutines.Benchmarks -- peers` runs the one-command peer comparison;
// anything else goes to BenchmarkDotNet (e.g. `-- --filter *Loop*`).
if (args.Length > 0 && args[0] == "peers")
{
    return PeerComparison.Run(args.Skip(1).ToArray());
}

// `-- streams` runs the streams load benchmark (benchmarks/streams.sh raises the open-file limit first);
// `-- echo-server KIND` is one of its servers, started by it in a process of its own.
if (args.Length > 0 && args[0] == "streams")
{
    return Coroutines.Benchmarks.Streams.EchoLoad.Run(args.Skip(1).ToArray());
}

// `-- simulation` compares simulated time with the same program on loopback (benchmarks/simulation.sh raises the
// open-file limit for its 10,000 loopback connections).
if (args.Length > 0 && args[0] == "simulation")
{
    return Coroutines.Benchmarks.Simulated.SimulationSpeed.Run(args.Skip(1).ToArray());
}

if (args.Length > 1 && args[0] == "echo-server")
{
    return Coroutines.Benchmarks.Streams.EchoServers.Run(args[1]);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
