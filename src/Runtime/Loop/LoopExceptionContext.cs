namespace Coroutines;

/// <summary>What the loop's exception handler receives (asyncio's exception-handler context dict).</summary>
/// <param name="Message">What went wrong, in words.</param>
/// <param name="Exception">The exception, when there is one.</param>
/// <param name="Future">The future or task involved, when there is one.</param>
public sealed record LoopExceptionContext(string Message, Exception? Exception, Future? Future)
{
    /// <inheritdoc/>
    public override string ToString()
    {
        if (Exception is null)
        {
            return Message;
        }

        string? stack = CoroutineStack.Of(Exception);
        return stack is null ? $"{Message}\n{Exception}" : $"{Message}\n{Exception}\n{stack}";
    }
}
