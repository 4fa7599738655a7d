namespace Coroutines;

public static partial class Co
{
    /// <summary>
    /// Schedules <paramref name="coroutine"/> as a task on the running loop (asyncio.create_task). With
    /// <paramref name="eagerStart"/> its first step runs at once, inside this call (asyncio 3.14's <c>eager_start=True</c>).
    /// </summary>
    public static CoroutineTask CreateTask(Coroutine coroutine, string? name = null, bool eagerStart = false) =>
        GetRunningLoop().CreateTask(coroutine, name, eagerStart);

    /// <summary>Schedules <paramref name="coroutine"/> as a task on the running loop; the task completes with its result.</summary>
    public static CoroutineTask<T> CreateTask<T>(Coroutine<T> coroutine, string? name = null, bool eagerStart = false) =>
        GetRunningLoop().CreateTask(coroutine, name, eagerStart);

    /// <summary>The raw path: schedules the compiler's own iterator for a template as a task.</summary>
    public static CoroutineTask CreateTask(IEnumerable<Yield> template, string? name = null) =>
        CreateTask(FromIterator(template), name);

    /// <summary>The raw path for templates with a result.</summary>
    public static CoroutineTask<T> CreateTask<T>(IEnumerable<Yield<T>> template, string? name = null) =>
        CreateTask(FromIterator(template), name);

    /// <summary>
    /// The raw path: a coroutine that drives the compiler's own iterator for a template, disposing it when it
    /// finishes, fails or is cancelled. Yield it (<c>yield return FromIterator(Spin("x"))</c>) or make a task of it.
    /// C# allows no user-defined conversion from an interface, so this call stands where the design's
    /// <c>yield return Spin("x")</c> would.
    /// </summary>
    public static Coroutine FromIterator(IEnumerable<Yield> template)
    {
        ArgumentNullException.ThrowIfNull(template);
        return new IteratorCoroutine(template.GetEnumerator());
    }

    /// <summary>The raw path for async generator templates: the compiler's own iterator as an <see cref="AsyncGenerator{T}"/>.</summary>
    public static AsyncGenerator<T> FromIterator<T>(IEnumerable<Emit<T>> template)
    {
        ArgumentNullException.ThrowIfNull(template);
        return new IteratorGenerator<T>(template.GetEnumerator());
    }

    /// <summary>The raw path for templates with a result.</summary>
    public static Coroutine<T> FromIterator<T>(IEnumerable<Yield<T>> template)
    {
        ArgumentNullException.ThrowIfNull(template);
        return new IteratorCoroutine<T>(template.GetEnumerator());
    }

    /// <summary>The raw path for <c>IEnumerator&lt;Yield&gt;</c> templates.</summary>
    public static Coroutine FromIterator(IEnumerator<Yield> template) =>
        new IteratorCoroutine(template ?? throw new ArgumentNullException(nameof(template)));

    /// <summary>The raw path for <c>IEnumerator&lt;Yield&lt;T&gt;&gt;</c> templates.</summary>
    public static Coroutine<T> FromIterator<T>(IEnumerator<Yield<T>> template) =>
        new IteratorCoroutine<T>(template ?? throw new ArgumentNullException(nameof(template)));
}
