namespace Coroutines;

/// <summary>When <see cref="Co.Wait(IEnumerable{Future}, double?, ReturnWhen)"/> returns.</summary>
public enum ReturnWhen
{
    /// <summary>When every future is done (or the timeout passes).</summary>
    AllCompleted,
    /// <summary>When any future is done.</summary>
    FirstCompleted,
    /// <summary>When any future fails with an exception, or when all are done.</summary>
    FirstException,
}
