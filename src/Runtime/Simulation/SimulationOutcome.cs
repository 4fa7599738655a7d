namespace Coroutines;

/// <summary>How a simulated run ended.</summary>
public enum SimulationOutcome
{
    /// <summary>The program finished, left nothing running or open, and the invariant held.</summary>
    Passed,

    /// <summary>The program threw.</summary>
    Threw,

    /// <summary>Every task waits on something that will never happen: nothing is ready, no timer is pending, nothing
    /// is in flight on the network and no outside work can wake the loop.</summary>
    Deadlocked,

    /// <summary>The program was still running at the simulated time limit or iteration limit.</summary>
    Hung,

    /// <summary>The program finished but left tasks pending.</summary>
    LeakedTasks,

    /// <summary>The program finished but left connections or servers open.</summary>
    LeftOpen,

    /// <summary>The loop reported an error nobody handled (a failing callback, a connection handler that threw, a
    /// failure nobody retrieved).</summary>
    LoopError,

    /// <summary>The invariant did not hold.</summary>
    InvariantBroken,
}
