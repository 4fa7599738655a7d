using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Coroutines;

/// <summary>
/// The in-memory network of a simulated run: hosts by name, listening ports, connections numbered in the order they
/// are opened. <c>Streams.StartServer</c>, <c>Streams.OpenConnection</c> and <c>Http.Get</c> come here when their loop
/// is simulated, so that the code that runs on sockets in production runs on this unchanged.
/// </summary>
/// <remarks>
/// Host names: <c>null</c>, <c>""</c>, <c>0.0.0.0</c> and <c>::</c> listen on every host; <c>localhost</c> is
/// <c>127.0.0.1</c>; any other name is a host of its own with an address from 10.0.0.0/16 given in order of first use.
/// Clients connect from 10.0.0.1 (127.0.0.1 to a loopback server), from ports 40000 up.
/// </remarks>
internal sealed class SimulatedNetwork
{
    private const string AnyHost = "*";

    private readonly SimulationState _simulation;
    private readonly Random _random;
    private readonly Dictionary<(string Host, int Port), CoServer> _listeners = new();
    private readonly Dictionary<string, IPAddress> _addresses = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<SimulatedConnection> _open = new();
    private readonly List<NetworkFault.PartitionFault> _partitions = new();
    private int _nextServerPort = 49152;
    private int _nextClientPort = 40000;

    public SimulatedNetwork(SimulationState simulation, Random random)
    {
        _simulation = simulation;
        _random = random;
        foreach (NetworkFault fault in simulation.Options.Script)
        {
            if (fault is NetworkFault.PartitionFault partition)
            {
                _partitions.Add(partition);
            }
        }
    }

    public SimulationOptions Options => _simulation.Options;

    public EventLoop Loop => _simulation.Loop;

    public double Now => Loop.Time();

    /// <summary>Connection attempts so far (refused ones included).</summary>
    public int Connections { get; private set; }

    public void Trace(string what) => _simulation.Trace(what);

    public void TraceFault(NetworkFault fault) => _simulation.Trace($"fault: {fault}");

    public double Jitter() => Options.LatencyJitter > 0 ? _random.NextDouble() * Options.LatencyJitter : 0;

    public double Grain(double time) => Options.TimeGrain > 0 ? Math.Ceiling(time / Options.TimeGrain) * Options.TimeGrain : time;

    /// <summary>What is still open at the end of a run (connections, then listening servers), for the leak report.</summary>
    public IReadOnlyList<string> StillOpen()
    {
        var open = _open.Select(c => $"connection {c.Describe(ConnectionSide.Client)}").ToList();
        open.AddRange(_listeners.Values.Select(s => $"server listening on {s.LocalEndPoint}"));
        return open;
    }

    /// <summary>When a segment sent to arrive at <paramref name="arrival"/> gets there, given the partitions.</summary>
    public double AfterPartitions(SimulatedConnection? connection, double arrival, string? host = null)
    {
        host ??= connection?.Host;
        foreach (NetworkFault.PartitionFault partition in _partitions)
        {
            bool applies = partition.Host is not null
                ? string.Equals(partition.Host, host, StringComparison.OrdinalIgnoreCase)
                : connection is not null && partition.Connection == connection.Number;
            if (applies && arrival >= partition.From && arrival < partition.Until)
            {
                arrival = partition.Until + (connection?.Latency ?? Options.Latency);
            }
        }

        return arrival;
    }

    public Future<CoServer> Listen(EventLoop loop, Func<CoStreamReader, CoStreamWriter, Coroutine> handler, string? host, int port, int limit)
    {
        var future = new Future<CoServer>(loop);
        string name = Normalize(host);
        if (port == 0)
        {
            while (_listeners.ContainsKey((name, _nextServerPort)) || _listeners.ContainsKey((AnyHost, _nextServerPort)))
            {
                _nextServerPort++;
            }

            port = _nextServerPort++;
        }

        if (_listeners.ContainsKey((name, port)) || _listeners.ContainsKey((AnyHost, port)) ||
            (name == AnyHost && _listeners.Keys.Any(k => k.Port == port)))
        {
            future.SetException(new SocketException((int)SocketError.AddressAlreadyInUse));
            return future;
        }

        var endPoint = new IPEndPoint(AddressOf(name), port);
        CoServer? server = null;
        server = new CoServer(loop, endPoint, () =>
        {
            _listeners.Remove((name, port));
            Trace($"net {endPoint}: stopped listening");
        }, handler, limit);
        _listeners.Add((name, port), server);
        Trace($"net {endPoint}: listening");
        future.SetResult(server);
        return future;
    }

    public Future<(CoStreamReader Reader, CoStreamWriter Writer)> Connect(EventLoop loop, string host, int port, int limit)
    {
        var future = new Future<(CoStreamReader, CoStreamWriter)>(loop);
        int number = Connections++;
        string name = Normalize(host);
        List<NetworkFault> faults = FaultsFor(number);
        var clientEnd = new IPEndPoint(name == "127.0.0.1" ? IPAddress.Loopback : IPAddress.Parse("10.0.0.1"), _nextClientPort++);
        var serverEnd = new IPEndPoint(AddressOf(name), port);
        Trace($"net #{number} {clientEnd}>{serverEnd}: connect");
        double latency = faults.OfType<NetworkFault.SlowLinkFault>().Select(f => f.Latency).DefaultIfEmpty(Options.Latency).First();

        // The SYN reaches the server's host (after any partition of it heals), which answers at once.
        double synArrival = Grain(AfterPartitions(null, Now + latency + Jitter(), name));
        loop.CallAt(synArrival, () =>
        {
            if (future.Done)
            {
                return; // given up before the SYN arrived
            }

            CoServer? server = _listeners.GetValueOrDefault((name, port)) ?? _listeners.GetValueOrDefault((AnyHost, port));
            NetworkFault? refusal = faults.OfType<NetworkFault.RefuseFault>().FirstOrDefault();
            if (server is null || refusal is not null)
            {
                if (server is not null)
                {
                    TraceFault(refusal!);
                }

                Trace($"net #{number} {clientEnd}>{serverEnd}: refused");
                loop.CallAt(Grain(Now + latency), () =>
                {
                    if (!future.Done)
                    {
                        future.SetException(new SocketException((int)SocketError.ConnectionRefused));
                    }
                });
                return;
            }

            var clientReader = new CoStreamReader(limit, loop);
            var serverReader = new CoStreamReader(server.Limit, loop);
            var connection = new SimulatedConnection(this, number, name, clientEnd, serverEnd, clientReader, serverReader, faults);
            _open.Add(connection);
            SimulatedTransport client = connection.Side(ConnectionSide.Client);
            client.OnEstablished = () =>
            {
                if (future.Done)
                {
                    client.Abort(); // the connect was cancelled while the handshake was on its way back
                    return;
                }

                client.Start();
                future.SetResult((clientReader, new CoStreamWriter(client, clientReader)));
            };
            SimulatedTransport accepted = connection.Side(ConnectionSide.Server);
            Trace($"net #{number} {clientEnd}>{serverEnd}: accepted");
            connection.ServerToClient.SendEstablished();
            server.Serve(accepted, serverReader);
        });
        return future;
    }

    public void OnConnectionClosed(SimulatedConnection connection) => _open.Remove(connection);

    /// <summary>The scripted faults of connection <paramref name="number"/>, and those the seed draws for it.</summary>
    private List<NetworkFault> FaultsFor(int number)
    {
        var faults = Options.Script.Where(f => ConnectionOf(f) == number).ToList();
        FaultRates rates = Options.Faults;
        if (rates == FaultRates.None)
        {
            return faults;
        }

        // Always draw every number, in one order: a connection's plan does not depend on which faults struck before.
        double refuse = _random.NextDouble(), reset = _random.NextDouble(), halfClose = _random.NextDouble(),
            stop = _random.NextDouble(), partition = _random.NextDouble(), slow = _random.NextDouble();
        long offset = (long)(_random.NextDouble() * rates.WithinBytes);
        double seconds = _random.NextDouble() * rates.MaxStallSeconds;
        ConnectionSide side = _random.Next(2) == 0 ? ConnectionSide.Client : ConnectionSide.Server;
        if (refuse < rates.Refuse)
        {
            faults.Add(NetworkFault.Refuse(number));
        }

        if (reset < rates.Reset)
        {
            faults.Add(NetworkFault.Reset(number, offset));
        }

        if (halfClose < rates.HalfClose)
        {
            faults.Add(NetworkFault.HalfClose(number, offset, side));
        }

        if (stop < rates.StopReading)
        {
            faults.Add(NetworkFault.StopReading(number, offset, seconds, side));
        }

        if (partition < rates.Partition)
        {
            double from = Now + seconds / 2;
            var cut = (NetworkFault.PartitionFault)NetworkFault.Partition(number, from, from + seconds);
            _partitions.Add(cut);
            faults.Add(cut);
        }

        if (slow < rates.SlowLink)
        {
            faults.Add(NetworkFault.SlowLink(number, Options.Latency * 20, Options.BytesPerSecond / 100));
        }

        foreach (NetworkFault fault in faults)
        {
            Trace($"plan: {fault}");
        }

        return faults;
    }

    private static int? ConnectionOf(NetworkFault fault) => fault switch
    {
        NetworkFault.RefuseFault f => f.Connection,
        NetworkFault.ResetFault f => f.Connection,
        NetworkFault.HalfCloseFault f => f.Connection,
        NetworkFault.StopReadingFault f => f.Connection,
        NetworkFault.PartitionFault f => f.Connection,
        NetworkFault.SlowLinkFault f => f.Connection,
        _ => null,
    };

    private static string Normalize(string? host) => host switch
    {
        null or "" or "0.0.0.0" or "::" => AnyHost,
        _ when host.Equals("localhost", StringComparison.OrdinalIgnoreCase) => "127.0.0.1",
        _ => host.ToLowerInvariant(),
    };

    private IPAddress AddressOf(string name)
    {
        if (name == AnyHost)
        {
            return IPAddress.Any;
        }

        if (IPAddress.TryParse(name, out IPAddress? address))
        {
            return address;
        }

        if (!_addresses.TryGetValue(name, out address))
        {
            int n = _addresses.Count + 2; // 10.0.0.1 is the clients'
            address = IPAddress.Parse(string.Create(CultureInfo.InvariantCulture, $"10.0.{n / 250}.{n % 250}"));
            _addresses.Add(name, address);
        }

        return address;
    }
}
