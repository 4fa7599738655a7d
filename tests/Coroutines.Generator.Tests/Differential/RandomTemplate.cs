using System.Text;

namespace Coroutines.Generator.Tests.Differential;

/// <summary>
/// Writes a random but valid coroutine template from a seed: nested ifs, loops (while, do, for, foreach over
/// arrays and lists), switches, try/finally, using, break/continue, yield break, throw, Return, closures (lambdas in
/// statements, conditions, suspension points and finally blocks, local functions turned into delegates, used before
/// their declaration and from finally blocks, called with sibling-typed arguments), property and positional
/// patterns whose variables live across suspensions, <c>var</c> through generated siblings and their results,
/// arrays, lists, dictionaries and LINQ of tasks iterated directly or through <c>AsCompleted</c> and <c>Gather</c>,
/// deconstruction (of tuples of locals, in foreach, of sibling results), local iterator functions with
/// <c>yield break</c>, generic siblings through <c>var</c>, pattern variables of sibling results; in static classes,
/// classes with primary constructors, records, structs and nested generic types. Suspensions go everywhere they are
/// legal, and side effects (<c>Note</c>) make control flow observable. Loops are bounded so every template terminates.
/// The same seed always gives the same text.
/// </summary>
internal sealed class RandomTemplate
{
    private readonly Random _random;
    private readonly StringBuilder _text = new();
    private readonly List<List<string>> _scopes = new() { new List<string> { "p" } };
    private readonly bool _hasResult;
    private readonly ContainerKind _container;
    private readonly Stack<List<string>> _pendingFunctions = new();
    private readonly List<List<string>> _functionScopes = new() { new List<string>() };
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
        _container = Container(seed);
        if (_container == ContainerKind.PrimaryConstructor)
        {
            _scopes[0].Add("k");
        }
        else if (_container is ContainerKind.Record)
        {
            _scopes[0].Add("F");
        }
    }

    /// <summary>The type the template is declared in.</summary>
    public enum ContainerKind
    {
        /// <summary><c>public static partial class T{seed}</c>, a static template.</summary>
        Static,

        /// <summary><c>public sealed partial class T{seed}(int k)</c>, an instance template reading and writing <c>k</c>.</summary>
        PrimaryConstructor,

        /// <summary><c>public partial record T{seed}(int K)</c> with a field <c>F</c>.</summary>
        Record,

        /// <summary><c>public partial struct T{seed}</c> with a field <c>F</c> (the iterator works on a copy).</summary>
        Struct,

        /// <summary><c>public static partial class G{seed}&lt;TX&gt;</c> holding <c>T{seed}</c>: a nested generic type.</summary>
        NestedGeneric,
    }

    /// <summary>Mostly static classes; one template in six in another kind of type.</summary>
    public static ContainerKind Container(int seed) => (seed % 12) switch
    {
        1 => ContainerKind.PrimaryConstructor,
        5 => ContainerKind.Record,
        7 => ContainerKind.Struct,
        11 => ContainerKind.NestedGeneric,
        _ => ContainerKind.Static,
    };

    public bool HasResult => _hasResult;

    public static string MethodName(int seed) => $"R{seed}";

    public static string TypeName(int seed) => Container(seed) == ContainerKind.NestedGeneric ? $"G{seed}`1+T{seed}" : $"T{seed}";

    /// <summary>The template's type, closed (<c>G{seed}&lt;int&gt;.T{seed}</c>) when it is nested in a generic type.</summary>
    public static Type ResolveType(System.Reflection.Assembly assembly, int seed)
    {
        Type type = assembly.GetType(TypeName(seed), throwOnError: true)!;
        return type.ContainsGenericParameters ? type.MakeGenericType(typeof(int)) : type;
    }

    /// <summary>A fresh receiver for an instance template (null for a static one).</summary>
    public static object? NewReceiver(Type type, int seed) => Container(seed) switch
    {
        ContainerKind.PrimaryConstructor => Activator.CreateInstance(type, seed % 5),
        ContainerKind.Record => Activator.CreateInstance(type, seed % 7),
        ContainerKind.Struct => Activator.CreateInstance(type),
        _ => null,
    };

    /// <summary>The template's text: class <c>T{seed}</c> with method <c>R{seed}</c>, using the helpers of class <c>H</c>.</summary>
    public static string Generate(int seed)
    {
        var template = new RandomTemplate(seed);
        return template.Write(seed);
    }

    private string Write(int seed)
    {
        string element = _hasResult ? "Yield<int>" : "Yield";
        string modifiers = _container is ContainerKind.Static or ContainerKind.NestedGeneric ? "public static" : "public";
        _text.Append(_container switch
        {
            ContainerKind.PrimaryConstructor => $"public sealed partial class T{seed}(int k)\n{{\n    public int Seen => k;\n\n",
            ContainerKind.Record => $"public partial record T{seed}(int K)\n{{\n    public int F = K * 2;\n\n",
            ContainerKind.Struct => $"public partial struct T{seed}\n{{\n    public int F;\n\n",
            ContainerKind.NestedGeneric => $"public static partial class G{seed}<TX>\n{{\npublic static partial class T{seed}\n{{\n",
            _ => $"public static partial class T{seed}\n{{\n",
        });
        _text.Append($"    [Coroutine]\n    {modifiers} IEnumerable<{element}> {MethodName(seed)}(int p)\n    {{\n");
        _pendingFunctions.Push(new List<string>());
        Line($"Note(\"start {seed} \" + p{(_container == ContainerKind.NestedGeneric ? " + typeof(TX).Name" : string.Empty)});");
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
        else if (!_suspends)
        {
            Line("yield return Sleep(1);");
        }

        WritePendingFunctions();
        _text.Append(_container == ContainerKind.NestedGeneric ? "    }\n}\n}\n" : "    }\n}\n");
        return _text.ToString();
    }

    /// <summary>Local functions used before their declaration are declared at the end of the block that uses them.</summary>
    private void WritePendingFunctions()
    {
        foreach (string declaration in _pendingFunctions.Pop())
        {
            Line(declaration);
        }
    }

    private int Id() => _ids++;

    private void Line(string line)
    {
        // The template's own suspension points (a local iterator function's are declared on one line of their own).
        _suspends |= line.StartsWith("yield return", StringComparison.Ordinal);
        _text.Append(' ', _indent * 4).Append(line).Append('\n');
    }

    private bool _suspends;

    private void Open(string header)
    {
        Line(header);
        Line("{");
        _indent++;
        _scopes.Add(new List<string>());
        _functionScopes.Add(new List<string>());
        _pendingFunctions.Push(new List<string>());
    }

    private void Close(string closer = "}")
    {
        WritePendingFunctions();
        _indent--;
        _scopes.RemoveAt(_scopes.Count - 1);
        _functionScopes.RemoveAt(_functionScopes.Count - 1);
        Line(closer);
    }

    /// <summary>A local function callable here (<c>string L()</c>), or null.</summary>
    private string? Function() =>
        _functionScopes.SelectMany(s => s).ToList() is { Count: > 0 } all ? all[_random.Next(all.Count)] : null;

    /// <summary>An assignable int variable of this scope or an outer one (the parameter at worst).</summary>
    private string Assignable()
    {
        var all = _scopes.SelectMany(s => s).Where(static v => v[0] is 'v' or 'q' or 'p' or 'F' || v == "k").ToList();
        return all.Count == 0 ? "p" : all[_random.Next(all.Count)];
    }

    private string Variable() => _scopes.SelectMany(s => s).ElementAt(_random.Next(_scopes.Sum(s => s.Count)));

    /// <summary>A local a closure may capture (any in scope; a struct's own field cannot be, but it is never in the pool).</summary>
    private string? ClosureVariable() => Variable();

    /// <summary>An assignable local a local function may write.</summary>
    private string ClosureAssignable() => Assignable();

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
        int choice = _random.Next(depth > 3 ? 6 : 48);
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
                Close($"}} while (++{d} < {_random.Next(4)});");
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
                if (_random.Next(3) == 0 && Function() is { } cleanup)
                {
                    // A local function of an enclosing block (maybe declared after this point) called from a finally.
                    Line($"Note({cleanup});");
                }

                if (_random.Next(3) == 0 && ClosureVariable() is { } kept)
                {
                    // A lambda capturing a (hoisted) local, created in a finally.
                    Line($"acts.Add(() => \"fin{id} {kept}=\" + {kept});");
                }
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
                _functionScopes[^1].Add($"{name}()");
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

            case 29:
                if (canSuspend)
                {
                    // var through a sibling, and through its Result.
                    int id = Id();
                    Line($"var c{id} = NumAsync({Expression()});");
                    Line($"yield return c{id};");
                    Line($"var q{id} = c{id}.Result;");
                    _scopes[^1].Add($"q{id}");
                }

                break;
            case 30:
                if (canSuspend)
                {
                    // Settle a sibling, then pattern variables of its exception and its result.
                    int id = Id();
                    Line($"var c{id} = NumAsync({Expression()});");
                    Line($"yield return Settle(c{id});");
                    Open($"if (c{id}.Exception is {{ }} x{id})");
                    Line($"Note(\"failed \" + x{id}.Message);");
                    Close();
                    Open($"else if (c{id}.Result is > {_random.Next(6)} and var q{id})");
                    _scopes[^1].Add($"q{id}");
                    Block(depth);
                    Line($"Note(\"big \" + q{id});");
                    Close();
                }

                break;
            case 31:
                if (canSuspend)
                {
                    // An array of tasks, awaited in a foreach.
                    int id = Id();
                    Line($"var ts{id} = new[] {{ CreateTask(NumAsync({Expression()})), CreateTask(NumAsync({Expression()})) }};");
                    Open($"foreach (var t{id} in ts{id})");
                    Settled($"t{id}", id);
                    Loop(depth);
                    Close();
                }

                break;
            case 32:
                if (canSuspend)
                {
                    // LINQ of tasks, in completion order.
                    int id = Id();
                    Line($"var ts{id} = Enumerable.Range(0, ({Expression()}) % 3 + 1).Select(i => CreateTask(NumAsync(i + {ClosureVariable() ?? "1"}))).ToList();");
                    Open($"foreach (var f{id} in AsCompleted(ts{id}))");
                    Settled($"f{id}", id);
                    Line($"Note(\"completed \" + r{id});");
                    Loop(depth);
                    Close();
                }

                break;
            case 33:
                if (canSuspend)
                {
                    // Gather of tasks through var.
                    int id = Id();
                    Line($"var g{id} = Gather(CreateTask(NumAsync({Expression()})), CreateTask(NumAsync({Expression()})));");
                    Settled($"g{id}", id, ".Sum()");
                    Line($"Note(\"gathered \" + r{id});");
                }

                break;
            case 34:
                if (canSuspend)
                {
                    // A dictionary of tasks, deconstructed by the foreach.
                    int id = Id();
                    Line($"var ds{id} = Enumerable.Range(0, 2).ToDictionary(i => \"key\" + i, i => CreateTask(NumAsync(i + {Expression()})));");
                    Open($"foreach (var (key{id}, task{id}) in ds{id})");
                    Line($"yield return Settle(task{id});");
                    Line($"Note(key{id} + \" \" + (task{id}.Exception is null ? task{id}.Result : -1));");
                    Loop(depth);
                    Close();
                }

                break;
            case 35:
            {
                // Deconstruction of a tuple of locals (the same local twice: the compiler drops the duplicate names), a swap, a named tuple.
                int id = Id();
                string source = Variable();
                Line(_random.Next(2) == 0 ? $"var (q{id}, qq{id}) = ({source}, {source});" : $"var (q{id}, qq{id}) = ({Expression()}, {source});");
                _scopes[^1].Add($"q{id}");
                _scopes[^1].Add($"qq{id}");
                if (canSuspend && _random.Next(2) == 0)
                {
                    Suspend();
                }

                string a = Assignable();
                string b = Assignable();
                if (a != b)
                {
                    Line($"({a}, {b}) = ({b}, {a});");
                }

                Line($"var tu{id} = (X: q{id}, Y: {Variable()});");
                if (canSuspend)
                {
                    Suspend();
                }

                Line($"Note(\"tuple \" + tu{id}.X + \",\" + tu{id}.Y + \" \" + tu{id});");
                break;
            }

            case 36:
            {
                // A deconstructing foreach over an array of tuples.
                int id = Id();
                Open($"foreach (var (x{id}, y{id}) in new[] {{ (1, {Expression()}), (2, {Variable()}) }})");
                _scopes[^1].Add($"x{id}");
                _scopes[^1].Add($"y{id}");
                Loop(depth);
                Close();
                break;
            }

            case 37:
            {
                // A local iterator function with its own yield break, iterated around suspensions.
                int id = Id();
                Line($"IEnumerable<int> Seq{id}(int n) {{ for (var j = 0; j < n; j++) {{ if (j == {1 + _random.Next(3)}) yield break; yield return j * {1 + _random.Next(3)}; }} }}");
                Open($"foreach (var s{id} in Seq{id}(({Expression()}) % 4))");
                _scopes[^1].Add($"s{id}");
                Loop(depth);
                Close();
                break;
            }

            case 38:
            {
                // A local function used before its declaration (declared at the end of this block), capturing a local.
                int id = Id();
                string captured = ClosureVariable() ?? "3";
                Line($"Note(\"early \" + Fn{id}({Expression()}));");
                _pendingFunctions.Peek().Add($"int Fn{id}(int x) => x * 2 + {captured};");
                _functionScopes[^1].Add($"\"fn\" + Fn{id}(1)");
                break;
            }

            case 39:
                if (canSuspend)
                {
                    // A local function capturing (and writing) a local, called with a sibling's result.
                    int id = Id();
                    string target = ClosureAssignable();
                    Line($"int Add{id}(int x) {{ {target} = ({target} + x) % 100; return {target}; }}");
                    Line($"var c{id} = NumAsync({Expression()});");
                    Line($"yield return c{id};");
                    Line($"Note(\"added \" + Add{id}(c{id}.Result));");
                    _functionScopes[^1].Add($"\"add\" + Add{id}(0)");
                }

                break;
            case 40:
                if (canSuspend)
                {
                    // A generic sibling through var: of int, or of a tuple deconstructed from its result.
                    int id = Id();
                    if (_random.Next(2) == 0)
                    {
                        Line($"var w{id} = WrapAsync({Expression()}, {(_random.Next(3) + 1) * 0.25});");
                        Line($"yield return w{id};");
                        Line($"var q{id} = w{id}.Result;");
                    }
                    else
                    {
                        Line($"var w{id} = WrapAsync(({Expression()}, \"s{id}\"), 0.25);");
                        Line($"yield return w{id};");
                        Line($"var (q{id}, text{id}) = w{id}.Result;");
                        Line($"Note(text{id});");
                    }

                    _scopes[^1].Add($"q{id}");
                }

                break;
            case 41:
                if (canSuspend)
                {
                    // A task of a void sibling, through var.
                    int id = Id();
                    Line($"var t{id} = CreateTask(TickAsync(\"t\" + {Expression()}));");
                    Line("yield return Sleep(0.25);");
                    Line($"Note(\"tick done \" + t{id}.Done);");
                    Line($"yield return t{id};");
                }

                break;
            case 42:
                // The container's own state: a struct's field (on the iterator's copy), a record's field, a generic argument.
                switch (_container)
                {
                    case ContainerKind.Struct:
                    case ContainerKind.Record:
                        Line($"F += ({Expression()}) % 5;");
                        Line("Note(\"F \" + F);");
                        break;
                    case ContainerKind.NestedGeneric:
                        Line($"Note(typeof(TX).Name + ({Expression()}));");
                        break;
                    case ContainerKind.PrimaryConstructor:
                        Line($"k += ({Expression()}) % 3;");
                        Line("Note(\"k \" + k);");
                        break;
                }

                break;
            case 43:
                if (canSuspend)
                {
                    // A switch on a sibling's result, with a guard and a case-label pattern variable.
                    int id = Id();
                    Line($"var c{id} = NumAsync({Expression()});");
                    Line($"yield return Settle(c{id});");
                    Open($"switch (c{id}.Exception is null ? c{id}.Result % 3 : -1)");
                    bool wasInSwitch = _inSwitch;
                    _inSwitch = true;
                    Line($"case 0 when c{id}.Result > {_random.Next(6)}:");
                    Open(string.Empty);
                    Block(depth);
                    Line("break;");
                    Close();
                    Line($"case var z{id} when z{id} < 0:");
                    Open(string.Empty);
                    _scopes[^1].Add($"z{id}");
                    Line($"Note(\"negative \" + z{id});");
                    Block(depth);
                    Line("break;");
                    Close();
                    Line("default:");
                    Open(string.Empty);
                    Block(depth);
                    Line("break;");
                    Close();
                    _inSwitch = wasInSwitch;
                    Close();
                }

                break;
            case 44:
                if (canSuspend)
                {
                    // A list of coroutines run inline, settled one by one.
                    int id = Id();
                    Line($"var cs{id} = new List<Coroutine<int>> {{ NumAsync({Expression()}), NumAsync({Expression()}) }};");
                    Open($"foreach (var c{id} in cs{id})");
                    Line($"yield return Settle(c{id});");
                    Line($"Note(\"inline \" + (c{id}.Exception is null ? c{id}.Result : -1));");
                    Close();
                }

                break;
            case 45:
                if (Function() is { } call)
                {
                    Line($"Note({call});");
                }

                break;
            case 46:
            {
                // An anonymous object living across a suspension, sometimes captured, sometimes reassigned.
                int id = Id();
                Line($"var an{id} = new {{ A = {Expression()}, B = \"b{id}\", C = new[] {{ {Variable()} }} }};");
                if (_random.Next(2) == 0)
                {
                    Line($"acts.Add(() => \"an{id} \" + an{id}.A + an{id}.B);");
                }

                if (canSuspend)
                {
                    Suspend();
                }

                if (_random.Next(2) == 0)
                {
                    Line($"an{id} = new {{ A = an{id}.A + 1, B = an{id}.B + \"!\", C = an{id}.C }};");
                }

                Line($"Note(\"an \" + an{id} + an{id}.C.Length);");
                break;
            }

            case 47:
            {
                // A foreach over a LINQ projection into anonymous objects, with a tuple holding one of them.
                int id = Id();
                Line($"var pr{id} = (Enumerable.Range(0, ({Expression()}) % 3 + 1).Select(i => new {{ I = i, S = \"s\" + i }}).ToList(), {Variable()});");
                Open($"foreach (var a{id} in pr{id}.Item1.Where(x => x.I >= 0))");
                Line($"Note(\"anon \" + a{id}.S + pr{id}.Item2);");
                Loop(depth);
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

    /// <summary><c>yield return Settle(x); var r{id} = x.Exception is null ? x.Result : -1;</c>, with <c>r{id}</c> in scope.</summary>
    private void Settled(string awaitable, int id, string resultSuffix = "")
    {
        Line($"yield return Settle({awaitable});");
        Line($"var r{id} = {awaitable}.Exception is null ? {awaitable}.Result{resultSuffix} : -1;");
        _scopes[^1].Add($"r{id}");
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

        public static partial class H
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

            [Coroutine]
            public static IEnumerable<Yield<int>> Num(int n)
            {
                Note("num " + n);
                yield return Sleep(0.25 * (Math.Abs(n) % 3));
                if (n % 11 == 7) throw new InvalidOperationException("num failed " + n);
                yield return Return(n * 2 % 97);
            }

            [Coroutine]
            public static IEnumerable<Yield> Tick(string name)
            {
                Note("tick " + name);
                yield return Sleep(0.5);
            }

            [Coroutine]
            public static IEnumerable<Yield<TValue>> Wrap<TValue>(TValue value, double delay)
            {
                yield return Sleep(delay);
                yield return Return(value);
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
