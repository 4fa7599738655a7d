using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Coroutines.Analyzers;

/// <summary>Operation-tree helpers shared by the analyzers that look inside delegates handed to the loop or an executor.</summary>
internal static class OperationWalk
{
    /// <summary>The lambda or method group behind conversions and delegate creations.</summary>
    public static IOperation Unwrap(IOperation operation)
    {
        while (true)
        {
            switch (operation)
            {
                case IConversionOperation conversion:
                    operation = conversion.Operand;
                    break;
                case IDelegateCreationOperation creation:
                    operation = creation.Target;
                    break;
                default:
                    return operation;
            }
        }
    }

    /// <summary>Every operation under <paramref name="root"/>, not entering nested lambdas or local functions (another context).</summary>
    public static IEnumerable<IOperation> Descendants(IOperation root)
    {
        var stack = new Stack<IOperation>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            IOperation current = stack.Pop();
            yield return current;
            foreach (IOperation child in current.ChildOperations)
            {
                if (child.Kind is not (OperationKind.AnonymousFunction or OperationKind.LocalFunction))
                {
                    stack.Push(child);
                }
            }
        }
    }
}
