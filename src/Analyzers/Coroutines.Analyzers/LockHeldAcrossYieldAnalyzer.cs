using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Coroutines.Analyzers;

/// <summary>
/// CORO025: a <c>yield return</c> while a thread-affine lock is held in a <c>[Coroutine]</c> template:
/// inside a <c>lock</c> statement, or — scanning each block's statements in order — after <c>Monitor.Enter(x)</c>,
/// <c>rw.EnterReadLock()</c>/<c>EnterWriteLock()</c>/<c>EnterUpgradeableReadLock()</c>, <c>spin.Enter(ref taken)</c>,
/// <c>mutex.WaitOne()</c> or the blocking <c>semaphore.Wait()</c> and before the matching release on the same object.
/// A <c>SemaphoreSlim</c> taken with a yielded <c>WaitAsync()</c> is the loop-friendly pattern and is not reported.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class LockHeldAcrossYieldAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.LockHeldAcrossYield);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(static start =>
        {
            // No runtime: no templates.
            CoroutineSymbols? symbols = CoroutineSymbols.Create(start.Compilation);
            if (symbols is null)
            {
                return;
            }

            var locks = new LockApis(start.Compilation);
            start.RegisterOperationBlockAction(block => AnalyzeTemplate(block, symbols, locks));
        });
    }

    private static void AnalyzeTemplate(OperationBlockAnalysisContext context, CoroutineSymbols symbols, LockApis locks)
    {
        // Only templates.
        if (!symbols.IsTemplate(context.OwningSymbol))
        {
            return;
        }

        var reported = new HashSet<IOperation>();
        foreach (IOperation root in context.OperationBlocks)
        {
            foreach (IOperation operation in CoroutineDescendants(root))
            {
                if (operation is ILockOperation lockOperation)
                {
                    foreach (IReturnOperation yieldReturn in YieldReturns(lockOperation.Body))
                    {
                        Report(context, reported, yieldReturn, "lock (" + lockOperation.LockedValue.Syntax + ")");
                    }
                }
                else if (operation is IBlockOperation block)
                {
                    ScanBlock(context, reported, block, locks);
                }
            }
        }
    }

    /// <summary>Walks one block's statements in order, tracking which lock objects are held (by their text).</summary>
    private static void ScanBlock(OperationBlockAnalysisContext context, HashSet<IOperation> reported, IBlockOperation block, LockApis locks)
    {
        var held = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (IOperation statement in block.Operations)
        {
            if (held.Count > 0)
            {
                foreach (IReturnOperation yieldReturn in YieldReturns(statement))
                {
                    Report(context, reported, yieldReturn, held.Values.First());
                }
            }

            foreach (IInvocationOperation invocation in CoroutineDescendants(statement).OfType<IInvocationOperation>())
            {
                if (locks.Classify(invocation) is ({ } key, bool acquire, string description))
                {
                    if (acquire)
                    {
                        held[key] = description;
                    }
                    else
                    {
                        held.Remove(key);
                    }
                }
            }
        }
    }

    private static void Report(OperationBlockAnalysisContext context, HashSet<IOperation> reported, IReturnOperation yieldReturn, string what)
    {
        if (reported.Add(yieldReturn))
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.LockHeldAcrossYield, yieldReturn.Syntax.GetLocation(), what));
        }
    }

    private static IEnumerable<IReturnOperation> YieldReturns(IOperation operation) =>
        CoroutineDescendants(operation).OfType<IReturnOperation>().Where(r => r.Kind == OperationKind.YieldReturn);

    /// <summary>The operation and its descendants, not entering lambdas or local functions (they cannot yield for the template).</summary>
    private static IEnumerable<IOperation> CoroutineDescendants(IOperation operation)
    {
        var stack = new Stack<IOperation>();
        stack.Push(operation);
        while (stack.Count > 0)
        {
            IOperation current = stack.Pop();
            yield return current;
            foreach (IOperation child in current.ChildOperations.Reverse())
            {
                if (child.Kind is not (OperationKind.AnonymousFunction or OperationKind.LocalFunction))
                {
                    stack.Push(child);
                }
            }
        }
    }

    /// <summary>Acquire/release calls of thread-affine locks, keyed by the lock object's text.</summary>
    private sealed class LockApis
    {
        private readonly INamedTypeSymbol? _monitor;
        private readonly INamedTypeSymbol? _readerWriterLockSlim;
        private readonly INamedTypeSymbol? _spinLock;
        private readonly INamedTypeSymbol? _mutex;
        private readonly INamedTypeSymbol? _semaphoreSlim;

        public LockApis(Compilation compilation)
        {
            _monitor = compilation.GetTypeByMetadataName("System.Threading.Monitor");
            _readerWriterLockSlim = compilation.GetTypeByMetadataName("System.Threading.ReaderWriterLockSlim");
            _spinLock = compilation.GetTypeByMetadataName("System.Threading.SpinLock");
            _mutex = compilation.GetTypeByMetadataName("System.Threading.Mutex");
            _semaphoreSlim = compilation.GetTypeByMetadataName("System.Threading.SemaphoreSlim");
        }

        /// <summary>(key, true, description) for an acquire, (key, false, _) for a release, null otherwise.</summary>
        public (string Key, bool Acquire, string Description)? Classify(IInvocationOperation invocation)
        {
            IMethodSymbol method = invocation.TargetMethod;
            INamedTypeSymbol type = method.ContainingType;
            string name = method.Name;
            if (CoroutineSymbols.Is(type, _monitor) && invocation.Arguments.Length > 0)
            {
                string key = Text(invocation.Arguments.First(a => a.Parameter?.Ordinal == 0).Value);
                return name switch
                {
                    "Enter" => (key, true, "Monitor.Enter(" + key + ")"),
                    "Exit" => (key, false, ""),
                    _ => null,
                };
            }

            if (invocation.Instance is null)
            {
                return null;
            }

            string receiver = Text(invocation.Instance);
            if (CoroutineSymbols.Is(type, _readerWriterLockSlim))
            {
                return name switch
                {
                    "EnterReadLock" or "EnterWriteLock" or "EnterUpgradeableReadLock" => (receiver + "." + name.Substring(5), true, receiver + "." + name + "()"),
                    "ExitReadLock" or "ExitWriteLock" or "ExitUpgradeableReadLock" => (receiver + "." + name.Substring(4), false, ""),
                    _ => null,
                };
            }

            if (CoroutineSymbols.Is(type, _spinLock))
            {
                return name switch
                {
                    "Enter" => (receiver, true, receiver + ".Enter()"),
                    "Exit" => (receiver, false, ""),
                    _ => null,
                };
            }

            if (IsOrDerives(type, _mutex) || (name == "WaitOne" && IsOrDerives(invocation.Instance.Type, _mutex)))
            {
                return name switch
                {
                    "WaitOne" => (receiver, true, receiver + ".WaitOne()"),
                    "ReleaseMutex" => (receiver, false, ""),
                    _ => null,
                };
            }

            if (CoroutineSymbols.Is(type, _semaphoreSlim))
            {
                return name switch
                {
                    "Wait" => (receiver, true, receiver + ".Wait()"),
                    "Release" => (receiver, false, ""),
                    _ => null,
                };
            }

            return null;
        }

        private static bool IsOrDerives(ITypeSymbol? type, INamedTypeSymbol? expected)
        {
            for (ITypeSymbol? t = type; t is not null; t = t.BaseType)
            {
                if (CoroutineSymbols.Is(t, expected))
                {
                    return true;
                }
            }

            return false;
        }

        private static string Text(IOperation operation)
        {
            while (operation is IConversionOperation conversion)
            {
                operation = conversion.Operand;
            }

            return operation.Syntax.ToString();
        }
    }
}
