namespace Coroutines.Generator.Emitting;

/// <summary>
/// Writes <c>#line</c> directives only when the mapping changes: user code maps to its template line, scaffolding is
/// hidden, and consecutive statements of one template line share one directive.
/// </summary>
internal sealed class LineMapper
{
    private readonly SourceWriter _writer;
    private readonly string _file;
    private int? _line;

    public LineMapper(SourceWriter writer, string file)
    {
        _writer = writer;
        _file = file;
    }

    /// <summary>What follows is the template's line <paramref name="span"/> starts on.</summary>
    public void Map(Model.SourceSpan span)
    {
        if (_file.Length == 0 || _line == span.StartLine)
        {
            return;
        }

        _writer.WriteDirective($"#line {span.StartLine} \"{_file}\"");
        _line = span.StartLine;
    }

    /// <summary>Someone else wrote <c>#line hidden</c> last: the next mapped line needs its directive again.</summary>
    public void HiddenElsewhere() => _line = null;

    /// <summary>What follows is scaffolding.</summary>
    public void Hide(bool force = false)
    {
        if (_file.Length == 0 || _line is null && !force)
        {
            return;
        }

        _writer.WriteDirective("#line hidden");
        _line = null;
    }
}
