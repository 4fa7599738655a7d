using System.Threading;
using Coroutines.Generator.Emitting;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Coroutines.Generator.Parsing;

/// <summary>The compilation templates are bound against: the user's, plus the stubs of every sibling.</summary>
internal static class BindingCompilation
{
    public static Compilation Create(Compilation compilation, ParseOptions options, string stubs, CancellationToken cancellationToken) =>
        stubs.Length == 0
            ? compilation
            : compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText(stubs, (CSharpParseOptions)options, StubEmitter.FileName, cancellationToken: cancellationToken));
}
