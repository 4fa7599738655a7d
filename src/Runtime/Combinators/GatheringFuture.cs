using System.Runtime.ExceptionServices;

namespace Coroutines;

/// <summary>
/// asyncio's <c>_GatheringFuture</c>: completes when every child is done, with their results in argument order.
/// Without <c>returnExceptions</c> the first failure (or cancellation) of a child completes it at once while the
/// other children keep running; cancelling it cancels every child.
/// </summary>
internal sealed class GatheringFuture<TResult> : Future<TResult>
{
    private readonly Future[] _children;
    private readonly Func<Future[], TResult> _collect;
    private readonly bool _returnExceptions;
    private readonly int _distinct;
    private int _finished;
    private bool _cancelRequested;

    public GatheringFuture(EventLoop loop, Future[] children, bool returnExceptions, Func<Future[], TResult> collect)
        : base(loop)
    {
        _children = children;
        _returnExceptions = returnExceptions;
        _collect = collect;
        var seen = new HashSet<Future>(ReferenceEqualityComparer.Instance);
        foreach (Future child in children)
        {
            if (seen.Add(child))
            {
                child.AddDoneCallback(OnChildDone);
            }
        }

        _distinct = seen.Count;
        if (_distinct == 0)
        {
            SetResult(collect(children));
        }
    }

    public override bool Cancel(string? message = null)
    {
        if (Done)
        {
            return false;
        }

        bool any = false;
        foreach (Future child in _children)
        {
            any |= child.Cancel(message);
        }

        // The gather completes, cancelled, once the children have finished cancelling.
        if (any)
        {
            _cancelRequested = true;
        }

        return any;
    }

    private void OnChildDone(Future child)
    {
        _finished++;
        if (Done)
        {
            if (!child.Cancelled)
            {
                child.MarkRetrieved();
            }

            return;
        }

        if (!_returnExceptions)
        {
            if (child.Cancelled)
            {
                SetExceptionInfo(ExceptionDispatchInfo.Capture(child.MakeCancelledException()));
                return;
            }

            if (child.IsFaulted)
            {
                child.MarkRetrieved();
                SetExceptionInfo(child.ExceptionInfo!);
                return;
            }
        }

        if (_finished == _distinct)
        {
            if (_cancelRequested)
            {
                SetExceptionInfo(ExceptionDispatchInfo.Capture(child.MakeCancelledException()));
            }
            else
            {
                SetResult(_collect(_children));
            }
        }
    }
}
