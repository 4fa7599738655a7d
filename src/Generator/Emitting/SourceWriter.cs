using System.Text;

namespace Coroutines.Generator.Emitting;

/// <summary>
/// Writes C# with indentation (4 spaces, LF). Labels sit one level out, preprocessor directives at column 0.
/// <see cref="ToString"/> checks that every block opened was closed.
/// </summary>
internal sealed class SourceWriter
{
    private readonly StringBuilder _text = new();
    private int _indent;

    public void WriteLine(string line = "")
    {
        if (line.Length > 0)
        {
            _text.Append(' ', _indent * 4);
        }

        _text.Append(line).Append('\n');
    }

    /// <summary>Writes several lines; lines after the first lose up to <paramref name="stripColumns"/> leading spaces first.</summary>
    public void WriteLines(string text, int stripColumns)
    {
        string[] lines = text.Replace("\r\n", "\n").Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].TrimEnd();
            if (i > 0)
            {
                int strip = 0;
                while (strip < stripColumns && strip < line.Length && line[strip] == ' ')
                {
                    strip++;
                }

                line = line.Substring(strip);
            }

            WriteLine(line);
        }
    }

    /// <summary>A <c>#</c> directive, always at column 0.</summary>
    public void WriteDirective(string directive) => _text.Append(directive).Append('\n');

    /// <summary><c>name:;</c> outdented one level, with the construct it came from as a comment.</summary>
    public void WriteLabel(string name, string? construct = null)
    {
        _text.Append(' ', Math.Max(0, _indent - 1) * 4);
        _text.Append(name).Append(":;");
        if (construct is not null)
        {
            _text.Append(" // ").Append(construct);
        }

        _text.Append('\n');
    }

    public void OpenBlock(string? header = null)
    {
        if (header is not null)
        {
            WriteLine(header);
        }

        WriteLine("{");
        _indent++;
    }

    public void CloseBlock(string suffix = "")
    {
        _indent--;
        WriteLine("}" + suffix);
    }

    public override string ToString()
    {
        if (_indent != 0)
        {
            throw new InvalidOperationException($"Unbalanced blocks in generated code (indent {_indent}).");
        }

        return _text.ToString();
    }
}
