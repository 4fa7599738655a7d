namespace Coroutines;

/// <summary>One entry of a task's stack: a suspended template frame, or the leaf it waits on.</summary>
/// <param name="Name">The template's name, or a description of the awaited leaf (<c>Sleep(0.5)</c>).</param>
/// <param name="File">The template's source file, when known.</param>
/// <param name="Line">The template line of the suspension point, or 0 when unknown.</param>
public readonly record struct CoroutineFrame(string Name, string? File, int Line)
{
    /// <inheritdoc/>
    public override string ToString() =>
        File is not null && Line > 0 ? $"{Name}() at {File}:{Line}" : IsTemplateName ? $"{Name}()" : Name;

    // A template's name is an identifier (Spin, AsyncLock.Acquire); a leaf reads as itself (Sleep(0.5), <Future pending>).
    private bool IsTemplateName => Name.Length > 0 && (char.IsLetter(Name[0]) || Name[0] == '_') && !Name.Contains('(');
}
