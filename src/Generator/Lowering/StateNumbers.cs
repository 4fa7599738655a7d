using Coroutines.Generator.Helpers;
using Coroutines.Generator.Model;

namespace Coroutines.Generator.Lowering;

/// <summary>
/// The state numbers, as the compiler numbers an iterator's: <c>-1</c> not started or running, <c>-2</c> finished,
/// and one resume state <c>0..n</c> per suspension point in template order.
/// </summary>
internal sealed class StateNumbers
{
    public const int Running = -1;
    public const int Finished = -2;

    private readonly List<StateInfo> _states = new();

    public EquatableArray<StateInfo> All => _states.ToEquatableArray();

    /// <summary>The next resume state, for a suspension at <paramref name="span"/> yielding <paramref name="display"/>.</summary>
    public int Next(SourceSpan span, string display)
    {
        int state = _states.Count;
        _states.Add(new StateInfo(state, span.StartLine, display));
        return state;
    }
}
