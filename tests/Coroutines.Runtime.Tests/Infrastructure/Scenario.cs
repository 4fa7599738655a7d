namespace Coroutines.Runtime.Tests.Infrastructure;

/// <summary>Helpers to run raw-iterator templates on a virtual-time loop.</summary>
internal static class Scenario
{
    public static void Run(Func<List<string>, IEnumerable<Yield>> template, out List<string> trace, EventLoop? loop = null)
    {
        trace = new List<string>();
        loop ??= EventLoop.CreateVirtual();
        try
        {
            loop.RunUntilComplete(Co.FromIterator(template(trace)));
        }
        finally
        {
            loop.CancelAllTasksAndWait();
            loop.Close();
        }
    }
}

/// <summary>A hand-written coroutine with a known file and line, as generated code has.</summary>
internal sealed class LocatedCoroutine : Coroutine
{
    private readonly IEnumerator<Yield> _body;
    private readonly string _name;
    private readonly int _line;

    public LocatedCoroutine(string name, int line, IEnumerable<Yield> body)
    {
        _name = name;
        _line = line;
        _body = body.GetEnumerator();
    }

    public override string Name => _name;

    protected override string? SourceFile => "/src/Demo.cs";

    protected override int CurrentLine => _line;

    protected override bool MoveNext(out Yield yielded)
    {
        bool more = _body.MoveNext();
        yielded = more ? _body.Current : default;
        return more;
    }

    protected override void Dispose() => _body.Dispose();
}
