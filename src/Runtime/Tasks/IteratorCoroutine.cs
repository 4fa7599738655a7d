namespace Coroutines;

/// <summary>
/// The raw path: drives the compiler's own iterator for a template. It is the oracle the generated
/// state machines are compared against, and lets templates run without the generator.
/// </summary>
internal sealed class IteratorCoroutine : Coroutine
{
    private readonly IEnumerator<Yield> _iterator;

    public IteratorCoroutine(IEnumerator<Yield> iterator) => _iterator = iterator;

    public override string Name => IteratorNames.TemplateName(_iterator);

    protected override bool MoveNext(out Yield yielded)
    {
        if (_iterator.MoveNext())
        {
            yielded = _iterator.Current;
            return true;
        }

        yielded = default;
        return false;
    }

    protected override void Dispose() => _iterator.Dispose();
}

/// <summary>The raw path for templates with a result.</summary>
internal sealed class IteratorCoroutine<T> : Coroutine<T>
{
    private readonly IEnumerator<Yield<T>> _iterator;

    public IteratorCoroutine(IEnumerator<Yield<T>> iterator) => _iterator = iterator;

    public override string Name => IteratorNames.TemplateName(_iterator);

    protected override bool MoveNext(out Yield<T> yielded)
    {
        if (_iterator.MoveNext())
        {
            yielded = _iterator.Current;
            return true;
        }

        yielded = default;
        return false;
    }

    protected override void Dispose() => _iterator.Dispose();
}

internal static class IteratorNames
{
    /// <summary>
    /// The compiler names iterator classes <c>&lt;Spin&gt;d__3</c>, and those of local functions
    /// <c>&lt;&lt;Outer&gt;g__Spin|4_0&gt;d</c>; recover the template's name from either.
    /// </summary>
    public static string TemplateName(object iterator)
    {
        string name = iterator.GetType().Name;
        int local = name.IndexOf("g__", StringComparison.Ordinal);
        if (local >= 0)
        {
            int bar = name.IndexOf('|', local);
            return bar > local ? name.Substring(local + 3, bar - local - 3) : name;
        }

        int close = name.IndexOf('>');
        return name.StartsWith('<') && close > 1 ? name.Substring(1, close - 1) : name;
    }
}

/// <summary>The raw path for async generator templates.</summary>
internal sealed class IteratorGenerator<T> : AsyncGenerator<T>
{
    private readonly IEnumerator<Emit<T>> _iterator;

    public IteratorGenerator(IEnumerator<Emit<T>> iterator) => _iterator = iterator;

    public override string Name => IteratorNames.TemplateName(_iterator);

    protected override bool MoveNext(out Emit<T> yielded)
    {
        if (_iterator.MoveNext())
        {
            yielded = _iterator.Current;
            return true;
        }

        yielded = default;
        return false;
    }

    protected override void Dispose() => _iterator.Dispose();
}
