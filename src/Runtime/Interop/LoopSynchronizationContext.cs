namespace Coroutines;

/// <summary>
/// The <see cref="SynchronizationContext"/> of a running loop's thread: <c>async</c> code called from a coroutine or a
/// callback resumes on the loop after an <c>await</c>, as code on a UI thread does, so it may touch the loop's
/// objects. Without it the loop thread would lend code the context of whoever called <c>Run</c> (a test runner's,
/// a UI's), and a continuation queued there could wait forever for a thread the loop holds.
/// </summary>
internal sealed class LoopSynchronizationContext : SynchronizationContext
{
    private readonly EventLoop _loop;

    public LoopSynchronizationContext(EventLoop loop) => _loop = loop;

    /// <summary>Queues the continuation on the loop; once the loop is closed, on the thread pool, so it is not lost.</summary>
    public override void Post(SendOrPostCallback d, object? state)
    {
        if (!_loop.TryCallSoonThreadsafe(() => d(state)))
        {
            ThreadPool.QueueUserWorkItem(static s => s.d(s.state), (d, state), preferLocal: false);
        }
    }

    /// <summary>Runs inline on the loop thread; from another thread, waits for the loop to run it.</summary>
    public override void Send(SendOrPostCallback d, object? state)
    {
        if (EventLoop.Current == _loop)
        {
            d(state);
            return;
        }

        using var done = new ManualResetEventSlim();
        Exception? failure = null;
        Post(_ =>
        {
            try
            {
                d(state);
            }
            catch (Exception ex)
            {
                failure = ex;
            }
            finally
            {
                done.Set();
            }
        }, null);
        done.Wait();
        if (failure is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        }
    }

    public override SynchronizationContext CreateCopy() => this;
}
