namespace Coroutines.Benchmarks.Peers;

/// <summary>One implementation of the five peer workloads (issue #7).</summary>
public interface IPeer
{
    string Name { get; }

    /// <summary>switch: <paramref name="coroutines"/> coroutines, each giving way <paramref name="switches"/> times.</summary>
    WorkloadResult Switch(int coroutines, int switches);

    /// <summary>spawn: <paramref name="tasks"/> trivial tasks created and gathered.</summary>
    WorkloadResult Spawn(int tasks);

    /// <summary>sleepers: coroutines each sleeping a seeded random 0–<paramref name="maxMilliseconds"/> ms, on real time.</summary>
    WorkloadResult Sleepers(int coroutines, int maxMilliseconds, int seed);

    /// <summary>pingpong: messages between two coroutines through a queue of size 1.</summary>
    WorkloadResult PingPong(int messages);

    /// <summary>semaphore: tasks through a semaphore of <paramref name="limit"/>, each yielding once inside.</summary>
    WorkloadResult Semaphore(int tasks, int limit);
}
