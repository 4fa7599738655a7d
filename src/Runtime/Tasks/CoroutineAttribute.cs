namespace Coroutines;

/// <summary>
/// Marks an iterator method returning <c>IEnumerable&lt;Yield&gt;</c> / <c>IEnumerable&lt;Yield&lt;T&gt;&gt;</c>
/// (or the <c>IEnumerator</c> forms) as a coroutine template. The source generator emits a sibling
/// <c>FooAsync(...)</c> that returns a <see cref="Coroutine"/> state machine.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class CoroutineAttribute : Attribute
{
    /// <summary>The name of the generated sibling; defaults to the template's name plus <c>Async</c>.</summary>
    public string? Name { get; set; }
}
