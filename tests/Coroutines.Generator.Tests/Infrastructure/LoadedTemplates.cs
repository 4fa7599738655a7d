using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Coroutines.Generator.Tests.Infrastructure;

/// <summary>
/// Templates compiled with their generated code into an in-memory assembly, loaded in a collectible context
/// whose runtime types are the test's own (the runtime resolves from the default context).
/// </summary>
internal sealed class LoadedTemplates : IDisposable
{
    private readonly AssemblyLoadContext _context;

    private LoadedTemplates(AssemblyLoadContext context, Assembly assembly)
    {
        _context = context;
        Assembly = assembly;
    }

    public Assembly Assembly { get; }

    /// <summary>Generates, checks that generation and compilation are clean, emits and loads.</summary>
    public static LoadedTemplates Compile(string source) => Load(GeneratorHarness.Run(GeneratorHarness.CreateCompilation(source)).AssertClean().Output);

    public static LoadedTemplates Load(CSharpCompilation compilation)
    {
        LoadedTemplates? loaded = TryLoad(compilation, out string problems);
        Assert.True(loaded is not null, problems);
        return loaded!;
    }

    /// <summary>Compiles with a portable PDB loaded beside the assembly, so stack traces carry template file:line.</summary>
    public static LoadedTemplates CompileWithSymbols(string source)
    {
        // A PDB needs each source's encoding.
        var template = Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(
            Microsoft.CodeAnalysis.Text.SourceText.From(source, System.Text.Encoding.UTF8), GeneratorHarness.ParseOptions, GeneratorHarness.TemplatePath);
        var compilation = GeneratorHarness.Run(GeneratorHarness.CreateCompilation(source).RemoveAllSyntaxTrees().AddSyntaxTrees(template)).AssertClean().Output;
        using var assembly = new MemoryStream();
        using var symbols = new MemoryStream();
        var emitted = compilation.Emit(assembly, symbols, options: new Microsoft.CodeAnalysis.Emit.EmitOptions(debugInformationFormat: Microsoft.CodeAnalysis.Emit.DebugInformationFormat.PortablePdb));
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        assembly.Position = 0;
        symbols.Position = 0;
        var context = new AssemblyLoadContext("templates", isCollectible: true);
        return new LoadedTemplates(context, context.LoadFromStream(assembly, symbols));
    }

    /// <summary>Emits and loads, or returns null with the errors and warnings (one emit checks and builds).</summary>
    public static LoadedTemplates? TryLoad(CSharpCompilation compilation, out string problems)
    {
        using var stream = new MemoryStream();
        var emitted = compilation.Emit(stream);
        problems = string.Join("\n", emitted.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning));
        if (!emitted.Success || problems.Length > 0)
        {
            return null;
        }

        stream.Position = 0;
        var context = new AssemblyLoadContext("templates", isCollectible: true);
        return new LoadedTemplates(context, context.LoadFromStream(stream));
    }

    public Type Type(string name) => Assembly.GetType(name, throwOnError: true)!;

    /// <summary>The template class's <c>public static List&lt;string&gt; Log</c>, where templates write their side effects.</summary>
    public List<string> Log(string typeName) =>
        (List<string>)Type(typeName).GetField("Log", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;

    /// <summary>Sets the template class's <c>public static Action? AfterNote</c> (see <see cref="Templates.InClassT"/>).</summary>
    public Action<Action?> AfterNoteHook(string typeName) =>
        hook => Type(typeName).GetField("AfterNote", BindingFlags.Public | BindingFlags.Static)!.SetValue(null, hook);

    /// <summary>Calls the generated <c>{method}Async</c> (or the given sibling name).</summary>
    public Coroutine Generated(string typeName, string siblingName, object? target, params object?[] arguments) =>
        Generated(Type(typeName), siblingName, target, arguments);

    /// <summary>Calls the generated sibling on a (closed) type.</summary>
    public Coroutine Generated(Type type, string siblingName, object? target, params object?[] arguments) =>
        (Coroutine)Invoke(type, siblingName, target, arguments)!;

    /// <summary>Calls the template itself and wraps the compiler's iterator with <c>Co.FromIterator</c> (the oracle).</summary>
    public Coroutine Raw(string typeName, string methodName, object? target, params object?[] arguments) =>
        Raw(Type(typeName), methodName, target, arguments);

    /// <summary>Calls an async generator template and wraps the compiler's iterator with <c>Co.FromIterator</c>.</summary>
    public AsyncGenerator RawGenerator(string typeName, string methodName, object? target, params object?[] arguments)
    {
        object iterator = Invoke(Type(typeName), methodName, target, arguments)!;
        Type element = iterator.GetType().GetInterfaces().First(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>)).GetGenericArguments()[0];
        MethodInfo fromIterator = typeof(Co).GetMethods()
            .Single(m => m.Name == nameof(Co.FromIterator) && m.IsGenericMethodDefinition && m.GetParameters()[0].ParameterType.GetGenericTypeDefinition() == typeof(IEnumerable<>) &&
                m.GetParameters()[0].ParameterType.GetGenericArguments()[0].GetGenericTypeDefinition() == typeof(Emit<>))
            .MakeGenericMethod(element.GetGenericArguments()[0]);
        return (AsyncGenerator)fromIterator.Invoke(null, new[] { iterator })!;
    }

    /// <summary>Calls a generated async generator sibling.</summary>
    public AsyncGenerator GeneratedGenerator(string typeName, string siblingName, object? target, params object?[] arguments) =>
        (AsyncGenerator)Invoke(Type(typeName), siblingName, target, arguments)!;

    /// <summary>Calls the template on a (closed) type and wraps the compiler's iterator.</summary>
    public Coroutine Raw(Type type, string methodName, object? target, params object?[] arguments)
    {
        object iterator = Invoke(type, methodName, target, arguments)!;
        Type enumerable = iterator.GetType().GetInterfaces().First(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>));
        Type element = enumerable.GetGenericArguments()[0];
        MethodInfo fromIterator = element == typeof(Yield)
            ? typeof(Co).GetMethod(nameof(Co.FromIterator), new[] { typeof(IEnumerable<Yield>) })!
            : typeof(Co).GetMethods()
                .Single(m => m.Name == nameof(Co.FromIterator) && m.IsGenericMethodDefinition && m.GetParameters()[0].ParameterType.GetGenericTypeDefinition() == typeof(IEnumerable<>) &&
                    m.GetParameters()[0].ParameterType.GetGenericArguments()[0].GetGenericTypeDefinition() == typeof(Yield<>))
                .MakeGenericMethod(element.GetGenericArguments()[0]);
        return (Coroutine)fromIterator.Invoke(null, new[] { iterator })!;
    }

    private static object? Invoke(Type type, string methodName, object? target, object?[] arguments)
    {
        MethodInfo method = type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance)
            .Single(m => m.Name == methodName && m.GetParameters().Length == arguments.Length);
        try
        {
            return method.Invoke(target, arguments);
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            throw ex.InnerException;
        }
    }

    public void Dispose() => _context.Unload();
}
