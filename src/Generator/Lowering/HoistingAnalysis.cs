using Coroutines.Generator.Helpers;
using Coroutines.Generator.Model.Body;

namespace Coroutines.Generator.Lowering;

/// <summary>
/// Decides where each local lives, from the parser's facts: a plain declaration stays a local of <c>MoveNext</c> unless
/// its value crosses a suspension point; variables of constructs the lowering spreads out (loops, <c>using</c>,
/// patterns) and temporaries are fields; captured locals are boxes; constants are constants.
/// </summary>
/// <remarks>
/// Sketch: <c>int a = 1; var t = CreateTask(...); yield return t; Use(a);</c> where <c>a</c> is not used after the
/// suspension becomes a local <c>__a_1</c>, while <c>t</c> becomes the field <c>__t_2</c>. Every name is
/// <c>__{name}_{n}</c>: user names cannot start with two underscores, and other generated names never end in
/// <c>_{digits}</c>, so nothing collides.
/// </remarks>
internal static class HoistingAnalysis
{
    private const string StrongBox = "global::System.Runtime.CompilerServices.StrongBox";

    public static HoistingPlan Plan(TemplateBody body) =>
        new(body.Locals.Select(Storage).ToEquatableArray());

    private static LocalStorage Storage(LocalInfo local)
    {
        string name = $"__{local.Name}_{local.Id + 1}";
        string fieldType = local.AnonymousWitness is null ? local.Type : "object?";
        return local.Kind switch
        {
            LocalKind.Verbatim => new LocalStorage(StorageKind.Verbatim, SymbolName(local.Name), local.Type, local.Type, local.DeclaredType, null),
            LocalKind.Const => new LocalStorage(StorageKind.Constant, name, local.Type, local.Type, local.DeclaredType, null),
            _ when local.Captured => new LocalStorage(StorageKind.Box, name, local.AnonymousWitness is null ? $"{StrongBox}<{local.Type}>" : "object?", local.Type, local.DeclaredType, local.AnonymousWitness),
            LocalKind.Declared when !local.CrossesSuspension => new LocalStorage(StorageKind.Local, name, local.Type, local.Type, local.DeclaredType, null),
            _ => new LocalStorage(StorageKind.Field, name, fieldType, local.Type, local.DeclaredType, local.AnonymousWitness),
        };
    }

    private static string SymbolName(string name) => Parsing.SymbolText.Identifier(name);
}
