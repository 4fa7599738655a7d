using System.Text;
using Coroutines.Generator.Lowering;
using Coroutines.Generator.Model;
using Coroutines.Generator.Model.Body;

namespace Coroutines.Generator.Emitting;

/// <summary>
/// Spells fragments of user code: each hole as the plans say (a local's storage, a box reached from a closure, a
/// local function's boxes, a jump's label). Closures that reach boxes through copies get the copies: a statement is
/// wrapped in a block that copies them (<c>{ var __x_1_box = __x_1; ... }</c>), an expression is passed through
/// <c>__Closure(__x_1, (__x_1_box) =&gt; ...)</c>, so each evaluation keeps the boxes current when it ran.
/// </summary>
internal sealed class FragmentWriter
{
    private const string StrongBox = "global::System.Runtime.CompilerServices.StrongBox";

    private readonly LoweredStateMachine _machine;

    public FragmentWriter(LoweredStateMachine machine) => _machine = machine;

    /// <summary>Whether <c>__Ref</c> is used: locals of anonymous types.</summary>
    public bool UsesRef { get; private set; }

    /// <summary>Whether <c>__NewBox</c> is used: captured locals of anonymous types.</summary>
    public bool UsesNewBox { get; private set; }

    /// <summary>The arities of <c>__Closure</c> used.</summary>
    public SortedSet<int> ClosureArities { get; } = new();

    private HoistingPlan Hoisting => _machine.Hoisting;

    /// <summary>A statement (or statements) of user code.</summary>
    public string Statement(Fragment fragment)
    {
        var copies = new SortedSet<int>();
        string text = Raw(fragment, copies);
        return copies.Count == 0 ? text : $"{{ {Copies(copies)} {text} }}";
    }

    /// <summary>An expression of user code.</summary>
    public string Expression(Fragment fragment)
    {
        var copies = new SortedSet<int>();
        string text = Raw(fragment, copies);
        if (copies.Count == 0)
        {
            return text;
        }

        ClosureArities.Add(copies.Count);
        return $"__Closure({string.Join(", ", copies.Select(Name))}, ({string.Join(", ", copies.Select(BoxCopy))}) => {text})";
    }

    /// <summary>User code with no closures to copy (patterns, constants, moved local functions).</summary>
    public string Plain(Fragment fragment) => Raw(fragment, new SortedSet<int>());

    /// <summary>User code whose closures' box copies the caller makes itself, with <see cref="Copies"/>.</summary>
    public string Plain(Fragment fragment, SortedSet<int> copies) => Raw(fragment, copies);

    /// <summary><c>var __x_1_box = __x_1;</c> for each box in <paramref name="copies"/>.</summary>
    public string Copies(SortedSet<int> copies) => string.Join(" ", copies.Select(l => $"var {BoxCopy(l)} = {Name(l)};"));

    /// <summary>How code reaches <paramref name="local"/> (a variable: it can be read, assigned or passed by ref).</summary>
    public string Local(int local, ClosureAccess via = ClosureAccess.Direct)
    {
        LocalStorage storage = Hoisting.Locals[local];
        switch (storage.Kind)
        {
            case StorageKind.Field when storage.Witness is not null:
                UsesRef = true;
                return $"__Ref(ref {storage.Name}, static () => {storage.Witness})";
            case StorageKind.Box:
                string box = via == ClosureAccess.Direct ? storage.Name : BoxCopy(local);
                if (storage.Witness is not null)
                {
                    UsesRef = true;
                    return $"__Ref(ref {box}, static () => {storage.Witness})";
                }

                return box + ".Value";
            default:
                return storage.Name;
        }
    }

    /// <summary><c>__x_1 = new StrongBox&lt;int&gt;();</c>: a fresh box.</summary>
    public string NewBox(int local)
    {
        LocalStorage storage = Hoisting.Locals[local];
        if (storage.Witness is not null)
        {
            UsesNewBox = true;
            return $"{storage.Name} = __NewBox(static () => {storage.Witness})";
        }

        return $"{storage.Name} = new {storage.Type}()";
    }

    /// <summary>The field (or MoveNext local) itself.</summary>
    public string Name(int local) => Hoisting.Locals[local].Name;

    /// <summary>A lambda's copy of a box, or a local function's box parameter: the field's name + <c>_box</c>.</summary>
    public static string BoxCopyOf(string field) => field + "_box";

    private string BoxCopy(int local) => BoxCopyOf(Name(local));

    private string Raw(Fragment fragment, SortedSet<int> copies)
    {
        var text = new StringBuilder();
        foreach (FragmentPart part in fragment.Parts)
        {
            switch (part)
            {
                case TextPart t:
                    text.Append(t.Text);
                    break;
                case LocalPart l:
                    if (l.Via == ClosureAccess.StatementCopy && Hoisting.Locals[l.Local].Kind == StorageKind.Box)
                    {
                        copies.Add(l.Local);
                    }

                    text.Append(Local(l.Local, l.Via));
                    break;
                case FunctionNamePart f:
                    text.Append(_machine.Closures.Functions[f.Function].Name);
                    break;
                case BoxParametersPart p:
                {
                    Helpers.EquatableArray<int> boxes = BoxesOf(p.Function);
                    text.Append(string.Join(", ", boxes.Select(b => $"{Hoisting.Locals[b].Type} {BoxCopy(b)}")));
                    text.Append(p.MoreFollow && boxes.Length > 0 ? ", " : string.Empty);
                    break;
                }

                case BoxArgumentsPart a:
                {
                    Helpers.EquatableArray<int> boxes = BoxesOf(a.Function);
                    text.Append(BoxArguments(boxes, a.Via, copies));
                    text.Append(a.MoreFollow && boxes.Length > 0 ? ", " : string.Empty);
                    break;
                }

                case FunctionDelegatePart d:
                {
                    Helpers.EquatableArray<int> boxes = BoxesOf(d.Function);
                    string name = _machine.Closures.Functions[d.Function].Name + d.TypeArguments;
                    if (boxes.Length == 0)
                    {
                        text.Append(name);
                        break;
                    }

                    string arguments = BoxArguments(boxes, d.Via, copies) + (d.Arguments.Length > 0 ? ", " + d.Arguments : string.Empty);
                    text.Append($"(({d.Parameters}) => {(d.ReturnsByRef ? "ref " : string.Empty)}{name}({arguments}))");
                    break;
                }

                case JumpPart j:
                    text.Append(Jump(j));
                    break;
                default:
                    throw new InvalidOperationException($"Unknown fragment part {part.GetType().Name}.");
            }
        }

        return text.ToString();
    }

    private string BoxArguments(Helpers.EquatableArray<int> boxes, ClosureAccess via, SortedSet<int> copies)
    {
        if (via == ClosureAccess.StatementCopy)
        {
            copies.UnionWith(boxes);
        }

        return string.Join(", ", boxes.Select(b => via == ClosureAccess.Direct ? Name(b) : BoxCopy(b)));
    }

    private Helpers.EquatableArray<int> BoxesOf(int function) => _machine.Closures.Functions[function].Boxes;

    /// <summary>A jump out of flattened code, as a whole statement.</summary>
    private string Jump(JumpPart jump)
    {
        if (jump.Kind == JumpKind.YieldBreak)
        {
            // A return, not a goto: C# forbids jumping over a using declaration. The enclosing finally blocks still run
            // (they are skipped only while suspending, when the state is a resume state).
            return $"{{ {GeneratedNames.State} = -2; return false; }}";
        }

        JumpTarget target = _machine.Jumps.First(t => t.Id == jump.Target);
        string label = jump.Kind switch
        {
            JumpKind.Break => target.Break!,
            JumpKind.Continue => target.Continue!,
            _ => target.Sections[jump.Section],
        };
        return $"goto {label};";
    }
}
