using Coroutines.Generator.Model;

namespace Coroutines.Generator.Emitting;

/// <summary>
/// The sibling's declaration, written the same way for the stub the templates are bound against and for the real
/// sibling: <c>public static global::Coroutines.Coroutine&lt;int&gt; FooAsync&lt;T&gt;(int n = 3) where T : class</c>.
/// </summary>
internal static class SiblingDeclarations
{
    public static string Header(SiblingSignature signature) =>
        $"{signature.Accessibility}{(signature.IsStatic ? " static" : string.Empty)} {signature.ReturnType} {signature.SiblingName}{signature.TypeParameterList}({ParameterList(signature)})";

    public static string ParameterList(SiblingSignature signature) =>
        string.Join(", ", signature.Parameters.Select(static p => $"{p.Modifiers}{p.Type} {p.Name}" + (p.DefaultValue is null ? string.Empty : $" = {p.DefaultValue}")));

    /// <summary>Opens the namespace and the containing types (each <c>partial</c>, with the user's keywords).</summary>
    public static void OpenContainers(SourceWriter writer, SiblingSignature signature)
    {
        if (signature.Namespace is not null)
        {
            writer.OpenBlock($"namespace {signature.Namespace}");
        }

        foreach (ContainingTypeModel type in signature.ContainingTypes)
        {
            writer.OpenBlock(type.Declaration);
        }
    }

    public static void CloseContainers(SourceWriter writer, SiblingSignature signature)
    {
        for (int i = 0; i < signature.ContainingTypes.Length; i++)
        {
            writer.CloseBlock();
        }

        if (signature.Namespace is not null)
        {
            writer.CloseBlock();
        }
    }

    public static void WriteConstraints(SourceWriter writer, SiblingSignature signature)
    {
        foreach (string clause in signature.ConstraintClauses)
        {
            writer.WriteLine("    " + clause);
        }
    }
}
