using Coroutines.Generator.Helpers;
using Coroutines.Generator.Lowering;
using Coroutines.Generator.Model;

namespace Coroutines.Generator.Emitting;

/// <summary><c>Dispose</c> and the finally methods.</summary>
internal sealed partial class CoroutineEmitter
{
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

    private void EmitDisposeScopes(EquatableArray<DisposeScope> scopes)
    {
        foreach (DisposeScope scope in scopes)
        {
            _writer.OpenBlock($"if ({string.Join(" || ", scope.States.Select(static s => $"__s == {s}"))})");
            if (scope.Children.Length == 0)
            {
                _writer.WriteLine($"{GeneratedNames.FinallyMethod(scope.FinallyId)}();");
            }
            else
            {
                _writer.OpenBlock("try");
                EmitDisposeScopes(scope.Children);
                _writer.CloseBlock();
                _writer.OpenBlock("finally");
                _writer.WriteLine($"{GeneratedNames.FinallyMethod(scope.FinallyId)}();");
                _writer.CloseBlock();
            }

            _writer.CloseBlock();
        }
    }

    /// <summary>A finally block as a method: MoveNext calls it when control leaves the try, Dispose when the coroutine is closed inside.</summary>
    private void EmitFinally(FinallyInfo finallyInfo)
    {
        _writer.WriteLine($"// {finallyInfo.Construct}");
        _writer.OpenBlock($"private void {GeneratedNames.FinallyMethod(finallyInfo.Id)}()");
        EmitOps(finallyInfo.Body);
        _lines.Hide();
        _writer.CloseBlock();
    }
}
