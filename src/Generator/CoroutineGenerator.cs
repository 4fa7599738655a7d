using Microsoft.CodeAnalysis;

namespace Coroutines.Generator;

/// <summary>Turns each <c>[Coroutine]</c> iterator template into a resumable state machine and a <c>FooAsync</c> sibling.</summary>
[Generator(LanguageNames.CSharp)]
public sealed class CoroutineGenerator : IIncrementalGenerator
{
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
    }
}
