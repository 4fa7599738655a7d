using Coroutines.Generator.Helpers;
using Coroutines.Generator.Lowering;
using Coroutines.Generator.Model;
using Coroutines.Generator.Model.Body;

namespace Coroutines.Generator.Emitting;

/// <summary><c>MoveNext</c>: the resume dispatch, then the lowered body, op by op.</summary>
internal sealed partial class CoroutineEmitter
{
    private LineMapper _lines = null!;

    /// <summary>
    /// <c>MoveNext</c> is a dispatch <c>switch</c> then the flat body. Any exception leaving it finishes the
    /// machine (its finally blocks already ran, in the real <c>try</c>/<c>finally</c> blocks of the body).
    /// </summary>
    private void EmitMoveNext()
    {
        // The prologue (brace, dispatch switch) is scaffolding: hidden, so a debugger entering MoveNext on a resume
        // stops at the first template line rather than in this file (PdbSequencePointTests).
        _lines = new LineMapper(_writer, _model.SourceFile);
        _lines.Hide(force: true);
        _writer.OpenBlock($"protected override bool MoveNext(out {YieldType} {GeneratedNames.Yielded})");
        _writer.WriteLine($"{GeneratedNames.Yielded} = default;");
        _writer.OpenBlock("try");
        EmitDispatch(_machine.Dispatch);
        EmitOps(_machine.Body);
        _lines.Hide();
        _writer.WriteLine($"{GeneratedNames.State} = -2;");
        _writer.WriteLine("return false;");
        _writer.CloseBlock();
        _writer.OpenBlock("catch");
        _writer.WriteLine($"{GeneratedNames.State} = -2;");
        _writer.WriteLine("throw;");
        _writer.CloseBlock();
        _writer.CloseBlock();
    }

    private void EmitDispatch(EquatableArray<DispatchEntry> dispatch)
    {
        if (dispatch.Length == 0)
        {
            return;
        }

        _lines.Hide();
        _writer.OpenBlock($"switch ({GeneratedNames.State})");
        foreach (DispatchEntry entry in dispatch)
        {
            foreach (int state in entry.States)
            {
                _writer.WriteLine($"case {state}:");
            }

            _writer.WriteLine($"    goto {entry.Label};");
        }

        _writer.CloseBlock();
        _writer.WriteLine();
    }

    private void EmitOps(EquatableArray<LoweredOp> ops)
    {
        foreach (LoweredOp op in ops)
        {
            switch (op)
            {
                case CodeOp code:
                    WriteMapped(_fragments.Statement(code.Code), code.Span);
                    break;
                case DeclareOp declare:
                    WriteMapped(string.Join(" ", declare.Declarators.Select(Declaration).Where(static d => d.Length > 0)), declare.Span);
                    break;
                case CreateBoxesOp boxes:
                    WriteMapped(string.Join(" ", boxes.Locals.Select(l => _fragments.NewBox(l) + ";")), boxes.Span);
                    break;
                case StoreOp store:
                    WriteMapped($"{_fragments.Local(store.Local)} = {_fragments.Expression(store.Value)};", store.Span);
                    break;
                case LabelOp label:
                    _writer.WriteLabel(label.Name, label.Construct);
                    break;
                case GotoOp jump:
                    _lines.Hide();
                    _writer.WriteLine($"goto {jump.Label};");
                    break;
                case BranchOp branch:
                    WriteMapped($"if ({Condition(branch)}) goto {branch.Label};", branch.Span);
                    break;
                case SuspendOp suspend:
                    _lines.Hide();
                    _writer.WriteLine($"// state {suspend.State}: suspends at line {suspend.Span.StartLine}, resumes below");
                    WriteMapped($"{GeneratedNames.Yielded} = {_fragments.Expression(suspend.Expression)};", suspend.Span);
                    _lines.Hide();
                    _writer.WriteLine($"{GeneratedNames.State} = {suspend.State};");
                    _writer.WriteLine("return true;");
                    _writer.WriteLabel(StateMachineLowerer.ResumeLabel(suspend.State), null);
                    _writer.WriteLine($"{GeneratedNames.State} = -1;");
                    break;
                case TryOp tryOp:
                    _lines.Hide();
                    _writer.OpenBlock("try");
                    EmitDispatch(tryOp.Dispatch);
                    EmitOps(tryOp.Body);
                    _lines.Hide();
                    _writer.CloseBlock();
                    _writer.OpenBlock("finally");
                    _writer.WriteLine($"if ({GeneratedNames.State} < 0) {GeneratedNames.FinallyMethod(tryOp.FinallyId)}();");
                    _writer.CloseBlock();
                    break;
                case ForEachStartOp start:
                    WriteMapped(ForEachStart(start), start.Span);
                    break;
                case ForEachTestOp test:
                    WriteMapped(ForEachTest(test), test.Span);
                    break;
                case ForEachCurrentOp current:
                    WriteMapped(ForEachCurrent(current), current.Span);
                    break;
                case ForEachAdvanceOp advance:
                    WriteMapped($"{_fragments.Local(advance.Shape.IndexTemporary)}++;", advance.Span);
                    break;
                case DisposeOp dispose:
                    WriteMapped(Dispose(dispose), dispose.Span);
                    break;
                case SwitchDispatchOp dispatch:
                    EmitSwitchDispatch(dispatch);
                    break;
                default:
                    throw new InvalidOperationException($"Unknown lowered op {op.GetType().Name}.");
            }
        }
    }

    /// <summary>A declarator where its local lives: a MoveNext local is declared, storage is assigned, a constant is a member.</summary>
    private string Declaration(Declarator declarator)
    {
        LocalStorage storage = _machine.Hoisting.Locals[declarator.Local];
        return storage.Kind switch
        {
            StorageKind.Constant => string.Empty,
            StorageKind.Local => declarator.Initializer is null
                ? $"{storage.DeclaredType} {storage.Name};"
                : $"{storage.DeclaredType} {storage.Name} = {_fragments.Expression(declarator.Initializer)};",
            _ => declarator.Initializer is null
                ? string.Empty
                : _fragments.Statement(FragmentOf($"{_fragments.Local(declarator.Local)} = ", declarator.Initializer, ";")),
        };
    }

    private static Fragment FragmentOf(string before, Fragment middle, string after) =>
        new(new FragmentPart[] { new TextPart(before) }.Concat(middle.Parts).Append(new TextPart(after)).ToEquatableArray());

    /// <summary>The branch's condition, after fresh boxes for the variables it declares: <c>((__k_1 = new StrongBox&lt;int&gt;()) is var _) &amp;&amp; (c)</c>.</summary>
    private string Condition(BranchOp branch)
    {
        string condition = _fragments.Expression(branch.Condition);
        if (branch.FreshBoxes.Length > 0)
        {
            condition = string.Concat(branch.FreshBoxes.Select(b => $"(({_fragments.NewBox(b)}) is var _) && ")) + $"({condition})";
        }

        return branch.JumpWhen ? condition : $"!({condition})";
    }

    private string ForEachStart(ForEachStartOp start)
    {
        ForEachShape shape = start.Shape;
        string collection = _fragments.Expression(start.Collection);
        if (shape.Kind == ForEachKind.Indexed)
        {
            return $"{_fragments.Local(shape.CollectionTemporary)} = {collection}; {_fragments.Local(shape.IndexTemporary)} = 0;";
        }

        string call = shape.ExtensionType is not null
            ? $"{shape.ExtensionType}.{shape.GetEnumerator}({collection})"
            : shape.ReceiverCast is not null ? $"{Cast(shape.ReceiverCast, collection)}.{shape.GetEnumerator}()" : $"({collection}).{shape.GetEnumerator}()";
        return $"{_fragments.Local(shape.EnumeratorTemporary)} = {call};";
    }

    private string ForEachTest(ForEachTestOp test)
    {
        ForEachShape shape = test.Shape;
        return shape.Kind == ForEachKind.Indexed
            ? $"if (!({_fragments.Local(shape.IndexTemporary)} < {_fragments.Local(shape.CollectionTemporary)}.Length)) goto {test.Exit};"
            : $"if (!{Receiver(shape.EnumeratorTemporary, shape.MoveNextCast)}.MoveNext()) goto {test.Exit};";
    }

    private string ForEachCurrent(ForEachCurrentOp current)
    {
        ForEachShape shape = current.Shape;
        string value = shape.Kind == ForEachKind.Indexed
            ? $"{_fragments.Local(shape.CollectionTemporary)}[{_fragments.Local(shape.IndexTemporary)}]"
            : $"{Receiver(shape.EnumeratorTemporary, shape.CurrentCast)}.Current";
        ForEachTarget target = current.Target;
        if (target.Local is int local)
        {
            return $"{_fragments.Local(local)} = {(target.Cast is null ? value : $"({target.Cast})({value})")};";
        }

        return target.Deconstruction is null ? string.Empty : $"{_fragments.Plain(target.Deconstruction)} = {value};";
    }

    private string Receiver(int local, CastModel? cast) => cast is null ? _fragments.Local(local) : Cast(cast, _fragments.Local(local));

    /// <summary><c>((T)(x))</c>, or <c>__Cast(x, static () =&gt; witness)</c> for a type that mentions an anonymous type.</summary>
    private string Cast(CastModel cast, string value)
    {
        if (cast.Witness is null)
        {
            return $"(({cast.Type})({value}))";
        }

        _usesCast = true;
        return $"__Cast({value}, static () => {cast.Witness})";
    }

    private bool _usesCast;

    /// <summary>How the compiler disposes a resource or enumerator.</summary>
    private string Dispose(DisposeOp dispose)
    {
        const string disposable = "global::System.IDisposable";
        string resource = _fragments.Local(dispose.Local);
        return dispose.Disposal switch
        {
            DisposalKind.Reference => $"if ((object){resource} != null) (({disposable}){resource}).Dispose();",
            DisposalKind.StructPublic => $"{resource}.Dispose();",
            DisposalKind.StructInterface => $"(({disposable}){resource}).Dispose();",
            DisposalKind.Nullable => $"if ({resource}.HasValue) (({disposable}){resource}.GetValueOrDefault()).Dispose();",
            DisposalKind.RuntimeCheck => $"((object){resource} as {disposable})?.Dispose();",
            _ => string.Empty,
        };
    }

    /// <summary>
    /// <c>switch (e) { case int n when n &gt; 0: __n_1 = n; goto __case_1; default: goto __case_2; } goto __break_0;</c>:
    /// the dispatch only jumps; the sections follow, flattened, under their labels. Lambdas in the governing expression
    /// or a <c>when</c> clause get their box copies in a block around the dispatch (whatever the governing type, a ref
    /// struct included).
    /// </summary>
    private void EmitSwitchDispatch(SwitchDispatchOp dispatch)
    {
        var copies = new SortedSet<int>();
        string governing = _fragments.Plain(dispatch.Governing, copies);
        var labels = dispatch.Cases.Select(c => c.Label.Pattern is null
                ? "default:"
                : $"case {_fragments.Plain(c.Label.Pattern)}{(c.Label.When is null ? string.Empty : " when " + _fragments.Plain(c.Label.When, copies))}:")
            .ToList();
        _lines.Hide();
        _writer.WriteLine("// switch: dispatch to the sections below");
        if (copies.Count > 0)
        {
            _writer.OpenBlock();
            _writer.WriteLine(_fragments.Copies(copies));
        }

        _lines.Map(dispatch.Span);
        _writer.WriteLine($"switch ({governing})");
        _lines.Hide();
        _writer.OpenBlock();
        for (int i = 0; i < labels.Count; i++)
        {
            _writer.WriteLine(labels[i]);
            string patternCopies = string.Concat(dispatch.Cases[i].Label.Copies.Select(c => $"{_fragments.Local(c.Local)} = {c.Designation}; "));
            _writer.WriteLine($"    {patternCopies}goto {dispatch.Cases[i].Target};");
        }

        _writer.CloseBlock();
        if (copies.Count > 0)
        {
            _writer.CloseBlock();
        }

        _writer.WriteLine($"goto {dispatch.NoMatch};");
    }

    /// <summary>User code under <c>#line</c>, so breakpoints and stack traces land in the template.</summary>
    private void WriteMapped(string text, SourceSpan? span)
    {
        if (text.Length == 0)
        {
            return;
        }

        if (span is null)
        {
            _lines.Hide();
        }
        else
        {
            _lines.Map(span.Value);
        }

        _writer.WriteLines(text, span is null ? 0 : span.Value.StartColumn - 1);
    }
}
