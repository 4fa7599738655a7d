using Coroutines;
using static Coroutines.Co;

namespace DocContexts;

/// <summary>What the fragment of docs/debugging.md runs: three templates, the innermost failing.</summary>
public static partial class Debugging
{
    public static partial class Demo
    {
        [Coroutine]
        public static IEnumerable<Yield> Outer()
        {
            yield return MiddleAsync();
        }

        [Coroutine]
        static IEnumerable<Yield> Middle()
        {
            yield return LeafAsync();
        }

        [Coroutine]
        static IEnumerable<Yield> Leaf()
        {
            yield return Sleep(0.01);
            throw new InvalidOperationException("the leaf failed");
        }
    }
}
