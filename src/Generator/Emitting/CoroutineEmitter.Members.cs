using Coroutines.Generator.Lowering;
using Coroutines.Generator.Model;
using Coroutines.Generator.Model.Body;

namespace Coroutines.Generator.Emitting;

/// <summary>The state machine class around <c>MoveNext</c>: state table, fields, constructor, members and helpers.</summary>
internal sealed partial class CoroutineEmitter
{
    private const string Hidden = "[global::System.ComponentModel.EditorBrowsable(global::System.ComponentModel.EditorBrowsableState.Never)]";

    private void EmitStateMachine()
    {
        _writer.WriteLine(s_generatedCode);
        _writer.WriteLine(Hidden);
        if (NamedInStackTraces)
        {
            _writer.WriteLine("[global::System.Runtime.CompilerServices.CompilerGenerated]");
        }

        string stackTraceName = NamedInStackTraces ? ", global::System.Runtime.CompilerServices.IAsyncStateMachine" : "";
        _writer.WriteLine($"private sealed class {_model.ClassName}{_signature.TypeParameterList} : {BaseType}{stackTraceName}");
        SiblingDeclarations.WriteConstraints(_writer, _signature);
        _writer.OpenBlock();
        EmitStateTable();
        EmitFields();
        _writer.WriteLine();
        EmitConstructor();
        _writer.WriteLine();
        _writer.WriteLine($"public override string Name => \"{_signature.TemplateName.TrimStart('@')}\";");
        _writer.WriteLine();
        _writer.WriteLine($"protected override string? SourceFile => {(_template.DisplayFile.Length == 0 ? "null" : "@\"" + _template.DisplayFile.Replace("\"", "\"\"") + "\"")};");
        _writer.WriteLine();
        EmitCurrentLine();
        _writer.WriteLine();
        EmitMoveNext();
        _writer.WriteLine();
        EmitDispose();
        EmitThrowAtSuspension();
        foreach (FinallyInfo finallyInfo in _machine.Finallies)
        {
            _writer.WriteLine();
            EmitFinally(finallyInfo);
        }

        foreach (LocalFunctionStatement localFunction in _machine.LocalFunctions)
        {
            _writer.WriteLine();
            _writer.WriteLine("// a local function of the template, a method here so finally blocks can call it too");
            WriteMapped(_fragments.Plain(localFunction.Declaration), localFunction.Span);
            _lines.Hide();
        }

        EmitHelpers();
        if (NamedInStackTraces)
        {
            _writer.WriteLine();
            _writer.WriteLine("// only so that stack traces name the sibling for this class's frames; the loop never calls these");
            _writer.WriteLine("void global::System.Runtime.CompilerServices.IAsyncStateMachine.MoveNext() => throw new global::System.NotSupportedException();");
            _writer.WriteLine();
            _writer.WriteLine("void global::System.Runtime.CompilerServices.IAsyncStateMachine.SetStateMachine(global::System.Runtime.CompilerServices.IAsyncStateMachine stateMachine)");
            _writer.OpenBlock();
            _writer.CloseBlock();
        }

        _writer.CloseBlock();
    }

    /// <summary>The state table: one line per resume state, naming the template line and what it yielded.</summary>
    private void EmitStateTable()
    {
        _writer.WriteLine("// State table (__state):");
        _writer.WriteLine("//   -1  not started, or running");
        _writer.WriteLine("//   -2  finished");
        foreach (StateInfo state in _machine.States)
        {
            _writer.WriteLine($"//   {state.State,2}  line {state.Line}: yield return {OneLine(state.Display)};");
        }
    }

    /// <summary>The receiver, the parameters, then each hoisted local and temporary, with the user's name in its own.</summary>
    private void EmitFields()
    {
        // The state field is inherited: Coroutine declares it where it costs no bytes (it starts at -1 there).
        if (_model.ThisType is not null)
        {
            _writer.WriteLine($"private {_model.ThisType} {GeneratedNames.This};");
        }

        foreach (ParameterModel parameter in _signature.Parameters)
        {
            _writer.WriteLine($"private {parameter.Type} {parameter.FieldName};");
        }

        for (int i = 0; i < _machine.Hoisting.Locals.Length; i++)
        {
            LocalStorage storage = _machine.Hoisting.Locals[i];
            switch (storage.Kind)
            {
                case StorageKind.Field or StorageKind.Box:
                    _writer.WriteLine($"private {storage.Type} {storage.Name} = default!;");
                    break;
                case StorageKind.Constant:
                    Declarator declarator = ConstantDeclarator(i);
                    _writer.WriteLine($"private const {storage.DeclaredType} {storage.Name} = {_fragments.Plain(declarator.Initializer!)};");
                    break;
            }
        }
    }

    private Declarator ConstantDeclarator(int local) =>
        Declarations(_model.Body.Root).SelectMany(static d => d.Declarators).First(d => d.Local == local);

    private static IEnumerable<DeclarationStatement> Declarations(BodyStatement statement) => statement switch
    {
        DeclarationStatement declaration => new[] { declaration },
        BlockStatement block => block.Statements.SelectMany(Declarations),
        IfStatement i => Declarations(i.Then).Concat(i.Else is null ? Enumerable.Empty<DeclarationStatement>() : Declarations(i.Else)),
        WhileStatement w => Declarations(w.Body),
        ForStatement f => f.Initializers.SelectMany(Declarations).Concat(Declarations(f.Body)),
        ForEachStatement f => Declarations(f.Body),
        UsingStatement u => Declarations(u.Body),
        TryFinallyStatement t => Declarations(t.Body),
        SwitchStatement s => s.Sections.SelectMany(static section => Declarations(section.Body)),
        _ => Enumerable.Empty<DeclarationStatement>(),
    };

    private void EmitConstructor()
    {
        var parameters = new List<string>();
        if (_model.ThisType is not null)
        {
            parameters.Add($"{_model.ThisType} {GeneratedNames.This}");
        }

        parameters.AddRange(_signature.Parameters.Select(static p => $"{p.Type} {p.Name}"));
        _writer.OpenBlock($"public {_model.ClassName}({string.Join(", ", parameters)})");
        if (_model.ThisType is not null)
        {
            _writer.WriteLine($"this.{GeneratedNames.This} = {GeneratedNames.This};");
        }

        foreach (ParameterModel parameter in _signature.Parameters)
        {
            _writer.WriteLine($"{parameter.FieldName} = {parameter.Name};");
        }

        _writer.CloseBlock();
    }

    /// <summary>
    /// A failure that reaches a suspension point is thrown again from that point's template line, so the exception's
    /// stack trace names the line that awaited it (the runtime calls this only on the failure path).
    /// </summary>
    private void EmitThrowAtSuspension()
    {
        if (_machine.States.Length == 0 || _model.SourceFile.Length == 0)
        {
            return;
        }

        _writer.WriteLine();
        _writer.WriteLine("protected override void ThrowAtSuspension(global::System.Runtime.ExceptionServices.ExceptionDispatchInfo failure)");
        _writer.OpenBlock();
        _writer.OpenBlock($"switch ({GeneratedNames.State})");
        foreach (StateInfo state in _machine.States)
        {
            _writer.OpenBlock($"case {state.State}:");
            _writer.WriteDirective($"#line {state.Line} \"{_model.SourceFile}\"");
            _writer.WriteLine("failure.Throw();");
            _writer.WriteDirective("#line hidden");
            _writer.WriteLine("break;");
            _writer.CloseBlock();
        }

        _writer.CloseBlock();
        _writer.CloseBlock();
        _lines.HiddenElsewhere();
    }

    private void EmitCurrentLine()
    {
        if (_machine.States.Length == 0)
        {
            _writer.WriteLine("protected override int CurrentLine => 0;");
            return;
        }

        _writer.WriteLine($"protected override int CurrentLine => {GeneratedNames.State} switch");
        _writer.OpenBlock();
        foreach (StateInfo state in _machine.States)
        {
            _writer.WriteLine($"{state.State} => {state.Line},");
        }

        _writer.WriteLine("_ => 0,");
        _writer.CloseBlock(";");
    }

    /// <summary>
    /// Members of the containing type through which the state machine reaches what only the containing type can:
    /// base members, called non-virtually as the compiler's iterator does, and primary constructor parameters.
    /// </summary>
    private void EmitBaseAccessors()
    {
        foreach (BaseAccessorModel accessor in _model.Body.BaseAccessors)
        {
            _writer.WriteLine(s_generatedCode);
            _writer.WriteLine(Hidden);
            string typeParameters = accessor.TypeParameters.Length == 0 ? string.Empty : "<" + string.Join(", ", accessor.TypeParameters) + ">";
            string parameters = string.Join(", ", accessor.Parameters);
            string arguments = string.Join(", ", accessor.Arguments);
            switch (accessor.Kind)
            {
                case BaseAccessorKind.Method:
                    _writer.WriteLine($"private {accessor.Type} {accessor.Name}{typeParameters}({parameters})");
                    foreach (string clause in accessor.ConstraintClauses)
                    {
                        _writer.WriteLine("    " + clause);
                    }

                    _writer.WriteLine($"    => {(accessor.Type.StartsWith("ref ", StringComparison.Ordinal) ? "ref " : string.Empty)}base.{accessor.Member}{accessor.TypeArguments}({arguments});");
                    break;
                case BaseAccessorKind.Property:
                    _writer.WriteLine($"private {accessor.Type} {accessor.Name} {{{(accessor.HasGetter ? $" get => base.{accessor.Member};" : string.Empty)}{(accessor.HasSetter ? $" set => base.{accessor.Member} = value;" : string.Empty)} }}");
                    break;
                case BaseAccessorKind.Field:
                    _writer.WriteLine($"private ref {(accessor.IsReadOnly ? "readonly " : string.Empty)}{accessor.Type} {accessor.Name} => ref base.{accessor.Member};");
                    break;
                case BaseAccessorKind.Indexer:
                    _writer.WriteLine($"private struct {accessor.Name} {{ }}");
                    _writer.WriteLine();
                    _writer.WriteLine(s_generatedCode);
                    _writer.WriteLine(Hidden);
                    _writer.WriteLine($"private {accessor.Type} this[{parameters}, {accessor.Name} _] {{{(accessor.HasGetter ? $" get => base[{arguments}];" : string.Empty)}{(accessor.HasSetter ? $" set => base[{arguments}] = value;" : string.Empty)} }}");
                    break;
                case BaseAccessorKind.Event:
                    _writer.WriteLine($"private void {accessor.Name}({accessor.Type} handler, bool add) {{ if (add) base.{accessor.Member} += handler; else base.{accessor.Member} -= handler; }}");
                    break;
                case BaseAccessorKind.PrimaryConstructorParameter:
                    _writer.WriteLine($"private {accessor.Type} {accessor.Name} {{ get => {accessor.Member};{(accessor.HasSetter ? $" set => {accessor.Member} = value;" : string.Empty)} }}");
                    break;
            }

            _writer.WriteLine();
        }
    }

    /// <summary>
    /// Static helpers the state machine's code uses: <c>__Ref</c>/<c>__NewBox</c> for locals of anonymous types (an
    /// <c>object</c> field holding a <c>StrongBox</c>, typed back through a witness), witness helpers that name generic
    /// types of anonymous types, and <c>__Closure</c>, which gives an expression's lambdas fresh copies of the boxes.
    /// </summary>
    private void EmitHelpers()
    {
        const string box = "global::System.Runtime.CompilerServices.StrongBox";
        if (_fragments.UsesRef)
        {
            _writer.WriteLine();
            _writer.WriteLine($"private static ref T __Ref<T>(ref object? slot, global::System.Func<T> witness) => ref (({box}<T>)(slot ??= new {box}<T>())).Value;");
        }

        if (_fragments.UsesNewBox)
        {
            _writer.WriteLine();
            _writer.WriteLine($"private static object __NewBox<T>(global::System.Func<T> witness) => new {box}<T>();");
        }

        if (_usesCast)
        {
            _writer.WriteLine();
            _writer.WriteLine("private static T __Cast<T>(object? value, global::System.Func<T> witness) => (T)value!;");
        }

        foreach (WitnessHelperModel helper in _model.Body.WitnessHelpers)
        {
            var typeParameters = Enumerable.Range(0, helper.Arity).Select(static i => $"__T{i}").ToList();
            _writer.WriteLine();
            _writer.WriteLine($"private static {helper.ResultType} {helper.Name}<{string.Join(", ", typeParameters)}>({string.Join(", ", typeParameters.Select(static (t, i) => $"global::System.Func<{t}> _{i}"))}) => default!;");
        }

        foreach (int arity in _fragments.ClosureArities)
        {
            var types = Enumerable.Range(1, arity).Select(static i => $"T{i}").ToList();
            string typeList = string.Join(", ", types) + ", TResult";
            string parameters = string.Join(", ", types.Select(static (t, i) => $"{t} box{i + 1}"));
            _writer.WriteLine();
            _writer.WriteLine($"private delegate TResult __ClosureBody{arity}<{typeList}>({parameters});");
            _writer.WriteLine();
            _writer.WriteLine($"private static TResult __Closure<{typeList}>({parameters}, __ClosureBody{arity}<{typeList}> body) => body({string.Join(", ", types.Select(static (_, i) => $"box{i + 1}"))});");
        }
    }

    private static string OneLine(string text) => string.Join(" ", text.Split(new[] { '\r', '\n' }, StringSplitOptions.RemoveEmptyEntries).Select(static l => l.Trim()));
}
