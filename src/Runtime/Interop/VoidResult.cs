namespace Coroutines;

/// <summary>The result of a future that carries none (the static type such futures are handed out as is <see cref="Future"/>).</summary>
internal readonly struct VoidResult
{
}
