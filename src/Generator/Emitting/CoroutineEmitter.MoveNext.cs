using Coroutines.Generator.Lowering;
using Coroutines.Generator.Model;

namespace Coroutines.Generator.Emitting;

/// <summary><c>MoveNext</c>, <c>Dispose</c> and the finally methods.</summary>
internal sealed partial class CoroutineEmitter
{
    /// <summary>
    /// <c>MoveNext</c> is a dispatch <c>switch</c> then the flat body. Any exception leaving it finishes the
    /// machine (its finally blocks already ran, in the real <c>try</c>/<c>finally</c> blocks of the body).
    /// </summary>
    private void EmitMoveNext()
    {
        // The prologue (brace, dispatch switch) is scaffolding: hidden, so a debugger entering MoveNext on a resume
        // stops at the first template line rather than in this file (PdbSequencePointTests).
        _writer.WriteDirective("#line hidden");
        _writer.OpenBlock($"protected override bool MoveNext(out {YieldType} {GeneratedNames.Yielded})");
        _writer.WriteLine($"{GeneratedNames.Yielded} = default;");
        _writer.OpenBlock("try");
        EmitDispatch(_machine.Dispatch);
        EmitOps(_machine.Body);
        _writer.WriteLabel(GeneratedNames.Exit);
        _writer.WriteLine($"{GeneratedNames.State} = -2;");
        _writer.WriteLine("return false;");
        _writer.CloseBlock();
        _writer.OpenBlock("catch");
        _writer.WriteLine($"{GeneratedNames.State} = -2;");
        _writer.WriteLine("throw;");
        _writer.CloseBlock();
        _writer.CloseBlock();
    }

    private void EmitDispatch(Helpers.EquatableArray<DispatchEntry> dispatch)
    {
        if (dispatch.Length == 0)
        {
            return;
        }

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

    private void EmitOps(Helpers.EquatableArray<LoweredOp> ops)
    {
        foreach (LoweredOp op in ops)
        {
            switch (op)
            {
                case CodeOp code:
                    WriteMapped(code.Text, code.Span);
                    break;
                case LabelOp label:
                    _writer.WriteLabel(label.Name);
                    break;
                case SuspendOp suspend:
                    _writer.WriteLine($"// state {suspend.State}: suspends at line {suspend.Span.StartLine}, resumes below");
                    WriteMapped($"{GeneratedNames.Yielded} = {suspend.Expression};", suspend.Span);
                    _writer.WriteLine($"{GeneratedNames.State} = {suspend.State};");
                    _writer.WriteLine("return true;");
                    _writer.WriteLabel(StateMachineLowerer.ResumeLabel(suspend.State));
                    _writer.WriteLine($"{GeneratedNames.State} = -1;");
                    break;
                case TryOp tryOp:
                    _writer.OpenBlock("try");
                    EmitDispatch(tryOp.Dispatch);
                    EmitOps(tryOp.Body);
                    _writer.CloseBlock();
                    _writer.OpenBlock("finally");
                    _writer.WriteLine($"if ({GeneratedNames.State} < 0) {FinallyName(tryOp.FinallyId)}();");
                    _writer.CloseBlock();
                    break;
                default:
                    throw new InvalidOperationException($"Unknown lowered op {op.GetType().Name}.");
            }
        }
    }

    /// <summary>User code under <c>#line</c> so breakpoints and stack traces land in the template; scaffolding is hidden.</summary>
    private void WriteMapped(string text, SourceSpan? span)
    {
        bool mapped = span is not null && _model.SourceFile.Length > 0;
        if (mapped)
        {
            _writer.WriteDirective($"#line {span!.Value.StartLine} \"{_model.SourceFile}\"");
        }

        _writer.WriteLines(text, span is null ? 0 : span.Value.StartColumn - 1);
        if (mapped)
        {
            _writer.WriteDirective("#line hidden");
        }
    }

    /// <summary>
    /// <c>Dispose</c> runs the finally blocks around the current suspension point, innermost first; nested
    /// <c>try</c>/<c>finally</c> keeps the outer ones running when an inner one throws.
    /// </summary>
    private void EmitDispose()
    {
        _writer.OpenBlock("protected override void Dispose()");
        if (_machine.DisposeScopes.Length == 0)
        {
            _writer.WriteLine($"{GeneratedNames.State} = -2;");
            _writer.CloseBlock();
            return;
        }

        _writer.WriteLine($"int __s = {GeneratedNames.State};");
        _writer.WriteLine($"{GeneratedNames.State} = -2;");
        EmitDisposeScopes(_machine.DisposeScopes);
        _writer.CloseBlock();
    }

    private void EmitDisposeScopes(Helpers.EquatableArray<DisposeScope> scopes)
    {
        foreach (DisposeScope scope in scopes)
        {
            _writer.OpenBlock($"if ({string.Join(" || ", scope.States.Select(static s => $"__s == {s}"))})");
            if (scope.Children.Length == 0)
            {
                _writer.WriteLine($"{FinallyName(scope.FinallyId)}();");
            }
            else
            {
                _writer.OpenBlock("try");
                EmitDisposeScopes(scope.Children);
                _writer.CloseBlock();
                _writer.OpenBlock("finally");
                _writer.WriteLine($"{FinallyName(scope.FinallyId)}();");
                _writer.CloseBlock();
            }

            _writer.CloseBlock();
        }
    }

    private void EmitFinally(FinallyInfo finallyInfo)
    {
        _writer.OpenBlock($"private void {FinallyName(finallyInfo.Id)}()");
        WriteMapped(finallyInfo.Text, finallyInfo.Span);
        _writer.CloseBlock();
    }

    private static string FinallyName(int id) => $"__Finally_{id}";
}
