using System.Net;

namespace Coroutines;

/// <summary>
/// One simulated TCP connection: two transports, a pipe each way, the link's latency and bandwidth, and the faults
/// that were scripted or drawn for it (each written to the trace when it strikes).
/// </summary>
internal sealed class SimulatedConnection
{
    private readonly SimulatedTransport _client;
    private readonly SimulatedTransport _server;
    private NetworkFault.ResetFault? _reset;
    private readonly List<NetworkFault.HalfCloseFault> _halfCloses = new();
    private readonly List<NetworkFault.StopReadingFault> _stops = new();

    public SimulatedConnection(SimulatedNetwork network, int number, string host, IPEndPoint clientEnd, IPEndPoint serverEnd,
        CoStreamReader clientReader, CoStreamReader serverReader, IEnumerable<NetworkFault> faults)
    {
        Network = network;
        Number = number;
        Host = host;
        Latency = network.Options.Latency;
        BytesPerSecond = network.Options.BytesPerSecond;
        foreach (NetworkFault fault in faults)
        {
            switch (fault)
            {
                case NetworkFault.ResetFault reset:
                    _reset = reset;
                    break;
                case NetworkFault.HalfCloseFault halfClose:
                    _halfCloses.Add(halfClose);
                    break;
                case NetworkFault.StopReadingFault stop:
                    _stops.Add(stop);
                    break;
                case NetworkFault.SlowLinkFault slow:
                    Latency = slow.Latency;
                    BytesPerSecond = slow.BytesPerSecond;
                    break;
            }
        }

        ClientToServer = new SimulatedPipe(this, ConnectionSide.Client);
        ServerToClient = new SimulatedPipe(this, ConnectionSide.Server);
        _client = new SimulatedTransport(this, ConnectionSide.Client, clientReader, clientEnd, serverEnd);
        _server = new SimulatedTransport(this, ConnectionSide.Server, serverReader, serverEnd, clientEnd);
    }

    public SimulatedNetwork Network { get; }

    public int Number { get; }

    /// <summary>The host the client connected to (partitions of a host cut its connections).</summary>
    public string Host { get; }

    public double Latency { get; }

    public double BytesPerSecond { get; }

    public SimulatedPipe ClientToServer { get; }

    public SimulatedPipe ServerToClient { get; }

    public SimulatedTransport Side(ConnectionSide side) => side == ConnectionSide.Client ? _client : _server;

    public SimulatedPipe Output(ConnectionSide side) => side == ConnectionSide.Client ? ClientToServer : ServerToClient;

    public string Describe(ConnectionSide from) => from == ConnectionSide.Client
        ? $"#{Number} {_client.LocalEndPoint}>{_server.LocalEndPoint}"
        : $"#{Number} {_server.LocalEndPoint}>{_client.LocalEndPoint}";

    /// <summary>How many of <paramref name="n"/> bytes may cross before a reset or half-close fault strikes.</summary>
    public int LimitByFaults(SimulatedPipe pipe, int n)
    {
        if (_reset is { } reset)
        {
            long total = ClientToServer.Carried + ServerToClient.Carried;
            n = (int)Math.Clamp(reset.AfterBytes - total, 0, n);
        }

        foreach (NetworkFault.HalfCloseFault halfClose in _halfCloses)
        {
            if (halfClose.Side == pipe.From)
            {
                n = (int)Math.Clamp(halfClose.AfterBytes - pipe.Carried, 0, n);
            }
        }

        return n;
    }

    /// <summary>Strikes the reset or half-close faults whose byte count was reached.</summary>
    public void AfterCarried(SimulatedPipe pipe)
    {
        if (_reset is { } reset && ClientToServer.Carried + ServerToClient.Carried >= reset.AfterBytes)
        {
            _reset = null;
            Network.TraceFault(reset);
            ClientToServer.SendReset();
            ServerToClient.SendReset();
            return;
        }

        for (int i = 0; i < _halfCloses.Count; i++)
        {
            NetworkFault.HalfCloseFault halfClose = _halfCloses[i];
            if (halfClose.Side == pipe.From && pipe.Carried >= halfClose.AfterBytes)
            {
                _halfCloses.RemoveAt(i);
                Network.TraceFault(halfClose);
                pipe.SendFin();
                return;
            }
        }
    }

    /// <summary>Until when <paramref name="side"/> does not read, now that it has read <paramref name="received"/> bytes.</summary>
    public double StallAfterReading(ConnectionSide side, long received)
    {
        for (int i = 0; i < _stops.Count; i++)
        {
            NetworkFault.StopReadingFault stop = _stops[i];
            if (stop.Side == side && received >= stop.AfterBytes)
            {
                _stops.RemoveAt(i);
                Network.TraceFault(stop);
                return Network.Now + stop.Seconds;
            }
        }

        return 0;
    }

    /// <summary>Both ends are closed: the connection no longer counts as open.</summary>
    public void OnSideClosed()
    {
        if (_client.IsLost && _server.IsLost)
        {
            Network.OnConnectionClosed(this);
        }
    }
}
