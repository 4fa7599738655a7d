namespace Coroutines;

/// <summary>Where a frame is with the cleanup it deferred (see <see cref="Co.Defer"/>).</summary>
internal enum DeferralState : byte
{
    /// <summary>Nothing deferred.</summary>
    None,

    /// <summary>Cleanup is registered; it runs when the frame's body ends.</summary>
    Registered,

    /// <summary>The body ended and the deferred cleanup runs, one coroutine at a time, last registered first.</summary>
    Finalizing,
}
