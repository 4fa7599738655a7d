using System.Text;

namespace Coroutines.Generator.Tests.Differential;

/// <summary>
/// Writes a random but valid coroutine template from a seed: nested ifs, loops (while, do, for, foreach over
/// arrays and lists), switches, try/finally, using, break/continue, yield break, throw, Return, closures (lambdas in
/// statements, conditions and suspension points, local functions turned into delegates), property and positional
/// patterns whose variables live across suspensions, suspensions
/// everywhere they are legal, and side effects (<c>Note</c>) that make control flow observable. Loops are
/// bounded so every template terminates. The same seed always gives the same text.
/// </summary>
internal sealed class RandomTemplate
{
    private readonly Random _random;
    private readonly StringBuilder _text = new();
    private readonly List<List<string>> _scopes = new() { new List<string> { "p" } };
    private readonly bool _hasResult;
    private int _indent = 2;
    private int _ids;
    private int _budget;
    private int _loops;
    private bool _inFinally;
    private bool _inSwitch;

    private RandomTemplate(int seed)
    {
        _random = new Random(seed);
        _hasResult = _random.Next(3) == 0;
        _budget = 8 + _random.Next(22);
    }

    public bool HasResult => _hasResult;

    public static string MethodName(int seed) => $"R{seed}";

    public static string TypeName(int seed) => $"T{seed}";

    /// <summary>The template's text: class <c>T{seed}</c> with method <c>R{seed}</c>, using the helpers of class <c>H</c>.</summary>
    public static string Generate(int seed)
    {
        var template = new RandomTemplate(seed);
        return template.Write(seed);
    }

    private string Write(int seed)
    {
        string element = _hasResult ? "Yield<int>" : "Yield";
        _text.Append($"public static partial class {TypeName(seed)}\n{{\n    [Coroutine]\n    static IEnumerable<{element}> {MethodName(seed)}(int p)\n    {{\n");
        Line($"Note(\"start {seed} \" + p);");
        Line("var acts = new List<Func<string>>();");
        while (_budget > 0)
        {
            Statement(depth: 0);
        }

        Line("foreach (var act in acts) Note(act());");

        if (_hasResult)
        {
            Line($"yield return Return({Expression()});");
        }
        else if (!_text.ToString().Contains("yield return"))
        {
            Line("yield return Sleep(1);");
        }

        _text.Append("    }\n}\n");
        return _text.ToString();
    }

    private int Id() => _ids++;

    private void Line(string line) => _text.Append(' ', _indent * 4).Append(line).Append('\n');

    private void Open(string header)
    {
        Line(header);
        Line("{");
        _indent++;
        _scopes.Add(new List<string>());
    }

    private void Close()
    {
        _indent--;
        _scopes.RemoveAt(_scopes.Count - 1);
        Line("}");
    }

    private string Variable() => _scopes.SelectMany(s => s).ElementAt(_random.Next(_scopes.Sum(s => s.Count)));

    private string Expression() => _random.Next(3) switch
    {
        0 => Variable(),
        1 => $"{Variable()} + {_random.Next(5)}",
        _ => $"{Variable()} * {1 + _random.Next(3)} + {Variable()}",
    };

    private string Condition() => $"({Expression()}) % {2 + _random.Next(3)} == {_random.Next(2)}";

    private void Statement(int depth)
    {
        _budget--;
        bool canSuspend = !_inFinally;
        int choice = _random.Next(depth > 3 ? 6 : 29);
        switch (choice)
        {
            case 0:
            case 1:
                Line($"Note(\"n{Id()} \" + {Expression()});");
                break;
            case 2:
            {
                string name = $"v{Id()}";
                Line($"int {name} = {Expression()};");
                _scopes[^1].Add(name);
                break;
            }

            case 3:
            {
                string target = _scopes.SelectMany(s => s).LastOrDefault(v => v.StartsWith("v", StringComparison.Ordinal)) ?? "p";
                Line($"{target} = ({Expression()}) % 100;");
                break;
            }

            case 4:
            case 5:
                if (canSuspend)
                {
                    Suspend();
                }
                else
                {
                    Line($"Note(\"f{Id()}\");");
                }

                break;
            case 6:
                Open($"if ({Condition()})");
                Block(depth);
                Close();
                if (_random.Next(2) == 0)
                {
                    Open("else");
                    Block(depth);
                    Close();
                }

                break;
            case 7:
            {
                string i = $"i{Id()}";
                Open($"for (int {i} = 0; {i} < {_random.Next(4)}; {i}++)");
                _scopes[^1].Add(i);
                Loop(depth);
                Close();
                break;
            }

            case 8:
            {
                string w = $"w{Id()}";
                Line($"int {w} = 0;");
                _scopes[^1].Add(w);
                Open($"while ({w}++ < {_random.Next(4)})");
                Loop(depth);
                Close();
                break;
            }

            case 9:
            {
                string d = $"d{Id()}";
                Line($"int {d} = 0;");
                _scopes[^1].Add(d);
                Open("do");
                Loop(depth);
                _indent--;
                _scopes.RemoveAt(_scopes.Count - 1);
                Line($"}} while (++{d} < {_random.Next(4)});");
                break;
            }

            case 10:
            {
                string e = $"e{Id()}";
                string collection = _random.Next(2) == 0 ? $"new[] {{ {_random.Next(9)}, {Variable()}, {_random.Next(9)} }}" : $"new List<int> {{ {Variable()}, {_random.Next(9)} }}";
                Open($"foreach (var {e} in {collection})");
                _scopes[^1].Add(e);
                Loop(depth);
                Close();
                break;
            }

            case 11:
            case 12:
            {
                int id = Id();
                Open("try");
                Block(depth);
                Close();
                Open("finally");
                Line($"Note(\"finally {id}\");");
                bool wasInFinally = _inFinally;
                int loops = _loops;
                _inFinally = true;
                _loops = 0;
                if (_random.Next(3) == 0)
                {
                    Statement(depth + 1);
                }

                _inFinally = wasInFinally;
                _loops = loops;
                Close();
                break;
            }

            case 13:
            {
                int id = Id();
                Open($"using (new Res(\"u{id}\"))");
                Block(depth);
                Close();
                break;
            }

            case 14:
            {
                Open($"switch (({Expression()}) % 3)");
                bool wasInSwitch = _inSwitch;
                _inSwitch = true;
                for (int c = 0; c < 2; c++)
                {
                    Line($"case {c}:");
                    Open(string.Empty);
                    Block(depth);
                    Line("break;");
                    Close();
                }

                Line("default:");
                Open(string.Empty);
                Block(depth);
                Line("break;");
                Close();
                _inSwitch = wasInSwitch;
                Close();
                break;
            }

            case 15:
                if (_loops > 0 && !_inSwitch)
                {
                    Line($"if ({Condition()}) {(_random.Next(2) == 0 ? "break" : "continue")};");
                }

                break;
            case 16:
                if (canSuspend && !_hasResult && _random.Next(3) == 0)
                {
                    Line($"if ({Condition()}) yield break;");
                }

                break;
            case 17:
                if (_random.Next(4) == 0)
                {
                    Line($"if ({Condition()} && {Condition()}) throw new InvalidOperationException(\"t{Id()}\");");
                }

                break;
            case 19:
            case 20:
            {
                // A closure over a variable of this scope: reading it later shows which variable instance it kept.
                string captured = Variable();
                Line($"acts.Add(() => \"{captured}=\" + {captured});");
                if (captured.StartsWith("v", StringComparison.Ordinal) && _random.Next(2) == 0)
                {
                    Line($"acts.Add(() => {{ {captured}++; return \"inc {captured}\"; }});");
                }

                break;
            }

            case 21:
            {
                int id = Id();
                string resource = $"r{id}";
                Line($"using var {resource} = new Res(\"d{id}\");");
                break;
            }

            case 22:
            {
                int id = Id();
                if (_random.Next(2) == 0)
                {
                    // An out variable leaks into the enclosing block.
                    string o = $"o{id}";
                    string parsed = Expression();
                    _scopes[^1].Add(o);
                    Open($"if (int.TryParse(({parsed}).ToString(), out var {o}) && {o} % 2 == {_random.Next(2)})");
                }
                else
                {
                    // A pattern variable is assigned only where the pattern matched.
                    string k = $"k{id}";
                    Open($"if ((object)({Expression()}) is int {k} && {k} > {_random.Next(4)})");
                    _scopes[^1].Add(k);
                }

                Block(depth);
                Close();
                break;
            }

            case 25:
            {
                // A lambda capturing a variable, created in a condition: each evaluation keeps that moment's variable.
                string captured = Variable();
                Open($"if (Keep(acts, () => \"c{Id()} {captured}=\" + {captured}))");
                Block(depth);
                Close();
                break;
            }

            case 26:
                if (canSuspend)
                {
                    // A lambda in the suspension point's own expression.
                    string captured = Variable();
                    Line($"yield return Pause(acts, () => \"y{Id()} {captured}=\" + {captured});");
                }

                break;
            case 27:
            {
                // A local function capturing a variable, turned into a delegate (and called directly).
                string captured = Variable();
                string name = $"L{Id()}";
                Line($"string {name}() => \"{name} {captured}=\" + {captured};");
                Line($"acts.Add({name});");
                Line($"Note({name}());");
                break;
            }

            case 28:
            {
                // Property and positional patterns whose variables live across the suspensions of the block.
                int id = Id();
                string k = $"k{id}";
                if (_random.Next(2) == 0)
                {
                    string b = $"b{id}";
                    Open($"if (new Box({Expression()}) is {{ Value: var {k} }} {b} && {k} % 3 != {_random.Next(3)})");
                    _scopes[^1].Add(k);
                    Line($"Note(\"box \" + {b});");
                }
                else
                {
                    string m = $"m{id}";
                    Open($"if (new Box({Expression()}) is Box(var {k}) and {{ Value: > {_random.Next(5)} and var {m} }})");
                    _scopes[^1].Add(k);
                    _scopes[^1].Add(m);
                }

                Block(depth);
                Close();
                break;
            }

            case 18:
                if (canSuspend && _hasResult && _random.Next(2) == 0)
                {
                    Open($"if ({Condition()})");
                    Line($"Note(\"returning {Id()}\");");
                    Line($"yield return Return({Expression()});");
                    Close();
                }

                break;
            default:
                if (canSuspend)
                {
                    Suspend();
                }

                break;
        }
    }

    private void Suspend()
    {
        switch (_random.Next(6))
        {
            case 0:
                Line("yield return default;");
                break;
            case 1:
                Line("yield return Sleep(0);");
                break;
            case 2:
                Line($"yield return Co.FromIterator(Child(\"c{Id()}\", {Expression()}));");
                break;
            case 3:
                Line("yield return Task.CompletedTask;");
                break;
            default:
                Line($"yield return Sleep({(_random.Next(4) + 1) * 0.5});");
                break;
        }
    }

    private void Block(int depth)
    {
        int count = 1 + _random.Next(3);
        for (int i = 0; i < count && _budget > -10; i++)
        {
            Statement(depth + 1);
        }
    }

    private void Loop(int depth)
    {
        bool wasInSwitch = _inSwitch;
        _inSwitch = false;
        _loops++;
        Block(depth);
        _loops--;
        _inSwitch = wasInSwitch;
    }

    /// <summary>The class around a batch of templates: log, notes stamped with loop time, a disposable and a child iterator.</summary>
    public static string File(IEnumerable<string> templates) => Infrastructure.GeneratorHarness.Prelude + """
        using static H;

        public static class H
        {
            public static List<string> Log = new();

            public static void Note(string text) => Log.Add($"{Co.GetRunningLoop().Time():0.###} {text}");

            public sealed class Res : IDisposable
            {
                private readonly string _name;
                public Res(string name) { _name = name; Note("open " + name); }
                public void Dispose() => Note("dispose " + _name);
            }

            public sealed record Box(int Value);

            public static bool Keep(List<Func<string>> acts, Func<string> f)
            {
                acts.Add(f);
                return f().Length % 2 == 0;
            }

            public static Yield Pause(List<Func<string>> acts, Func<string> f)
            {
                acts.Add(f);
                return Sleep(f().Length % 3 * 0.5);
            }

            public static IEnumerable<Yield> Child(string name, int n)
            {
                try
                {
                    Note(name + " child " + n);
                    yield return Sleep(0.25);
                    if (n % 7 == 3) throw new InvalidOperationException(name + " child failed");
                }
                finally
                {
                    Note(name + " child finally");
                }
            }

        }

        """ + string.Join("\n", templates);
}
