namespace Coroutines.Internal;

/// <summary>What a timer-heap node points at: a sleeping task or a <see cref="TimerHandle"/>.</summary>
/// <remarks>
/// A node stays valid while <see cref="IsTimerLive"/> says so for the token it was added with; cancelling changes the
/// target's state (a handle's flag, a task's sleep token) instead of touching the heap, which is what makes cancel O(1).
/// </remarks>
internal interface ITimerTarget
{
    bool IsTimerLive(int token);

    /// <summary>The node was popped, due: schedule whatever runs now (the loop calls it in its timer phase).</summary>
    void OnTimerDue(EventLoop loop);
}
