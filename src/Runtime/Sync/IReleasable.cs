namespace Coroutines.Sync;

/// <summary>What an <see cref="AsyncReleaser"/> releases: a lock, a condition's lock or a semaphore.</summary>
internal interface IReleasable
{
    void Release();
}
