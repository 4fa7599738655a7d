using Microsoft.CodeAnalysis;

namespace Coroutines.Analyzers;

/// <summary>
/// Well-known symbols resolved once per compilation (compilation-start pattern). Invariant: <see cref="Create"/> returns
/// null when the compilation does not reference the runtime, so analyzers register nothing for ordinary code.
/// </summary>
internal sealed class CoroutineSymbols
{
    private CoroutineSymbols(Compilation compilation, INamedTypeSymbol coroutineAttribute)
    {
        Compilation = compilation;
        CoroutineAttribute = coroutineAttribute;
        Coroutine = compilation.GetTypeByMetadataName("Coroutines.Coroutine");
        Co = compilation.GetTypeByMetadataName("Coroutines.Co");
        Task = compilation.GetTypeByMetadataName("System.Threading.Tasks.Task");
        TaskOfT = compilation.GetTypeByMetadataName("System.Threading.Tasks.Task`1");
        ValueTask = compilation.GetTypeByMetadataName("System.Threading.Tasks.ValueTask");
        ValueTaskOfT = compilation.GetTypeByMetadataName("System.Threading.Tasks.ValueTask`1");
        CancellationToken = compilation.GetTypeByMetadataName("System.Threading.CancellationToken");
        Thread = compilation.GetTypeByMetadataName("System.Threading.Thread");
        SpinWait = compilation.GetTypeByMetadataName("System.Threading.SpinWait");
        Console = compilation.GetTypeByMetadataName("System.Console");
        TextReader = compilation.GetTypeByMetadataName("System.IO.TextReader");
        Obsolete = compilation.GetTypeByMetadataName("System.ObsoleteAttribute");
        Enumerable = compilation.GetTypeByMetadataName("System.Linq.Enumerable");
        BlockingAttribute = compilation.GetTypeByMetadataName("Coroutines.BlockingAttribute");
        NonBlockingAttribute = compilation.GetTypeByMetadataName("Coroutines.NonBlockingAttribute");
    }

    public Compilation Compilation { get; }

    public INamedTypeSymbol CoroutineAttribute { get; }

    public INamedTypeSymbol? Coroutine { get; }

    public INamedTypeSymbol? Co { get; }

    public INamedTypeSymbol? Task { get; }

    public INamedTypeSymbol? TaskOfT { get; }

    public INamedTypeSymbol? ValueTask { get; }

    public INamedTypeSymbol? ValueTaskOfT { get; }

    public INamedTypeSymbol? CancellationToken { get; }

    public INamedTypeSymbol? Thread { get; }

    public INamedTypeSymbol? SpinWait { get; }

    public INamedTypeSymbol? Console { get; }

    public INamedTypeSymbol? TextReader { get; }

    public INamedTypeSymbol? Obsolete { get; }

    public INamedTypeSymbol? Enumerable { get; }

    public INamedTypeSymbol? BlockingAttribute { get; }

    public INamedTypeSymbol? NonBlockingAttribute { get; }

    /// <summary>The method (or the method it was reduced or constructed from) carries <c>[Blocking]</c>.</summary>
    public bool IsMarkedBlocking(IMethodSymbol method) => HasAttribute(method, BlockingAttribute);

    /// <summary>The method (or the method it was reduced or constructed from) carries <c>[NonBlocking]</c>.</summary>
    public bool IsMarkedNonBlocking(IMethodSymbol method) => HasAttribute(method, NonBlockingAttribute);

    private static bool HasAttribute(IMethodSymbol method, INamedTypeSymbol? attribute) =>
        attribute is not null &&
        (method.ReducedFrom ?? method).OriginalDefinition.GetAttributes().Any(a => Is(a.AttributeClass, attribute));

    public static CoroutineSymbols? Create(Compilation compilation)
    {
        INamedTypeSymbol? attribute = compilation.GetTypeByMetadataName("Coroutines.CoroutineAttribute");
        return attribute is null ? null : new CoroutineSymbols(compilation, attribute);
    }

    /// <summary>True for a method carrying <c>[Coroutine]</c> (a template).</summary>
    public bool IsTemplate(ISymbol? symbol) =>
        symbol is IMethodSymbol method &&
        method.GetAttributes().Any(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, CoroutineAttribute));

    /// <summary>True when <paramref name="type"/> is the runtime's <c>Coroutine</c> or derives from it.</summary>
    public bool IsCoroutineType(ITypeSymbol? type)
    {
        for (ITypeSymbol? t = type; t is not null && Coroutine is not null; t = t.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(t.OriginalDefinition, Coroutine))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Task, Task{T}, ValueTask or ValueTask{T}.</summary>
    public bool IsTaskLike(ITypeSymbol? type) => IsTask(type) || IsValueTask(type);

    public bool IsTask(ITypeSymbol? type) =>
        type is not null &&
        (Is(type, Task) || Is(type.OriginalDefinition, TaskOfT) || (type.BaseType is { } b && Is(b.OriginalDefinition, TaskOfT)));

    public bool IsValueTask(ITypeSymbol? type) =>
        type is not null && (Is(type, ValueTask) || Is(type.OriginalDefinition, ValueTaskOfT));

    public bool IsObsolete(ISymbol symbol) =>
        symbol.GetAttributes().Any(a => Is(a.AttributeClass, Obsolete));

    public static bool Is(ITypeSymbol? type, ITypeSymbol? expected) =>
        type is not null && expected is not null && SymbolEqualityComparer.Default.Equals(type, expected);
}
