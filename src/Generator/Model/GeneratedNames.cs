namespace Coroutines.Generator.Model;

/// <summary>
/// Names the generated code reserves. They start with two underscores, which the parser rejects in templates
/// (CORO110), so they never collide with user names.
/// </summary>
internal static class GeneratedNames
{
    public const string State = "__state";
    public const string This = "__this";
    public const string Exit = "__exit";
    public const string Yielded = "yielded";

    /// <summary>
    /// <c>yield break;</c>: finished, then leave; the enclosing finally blocks still run on the way out (they are
    /// skipped only while suspending, when the state is a resume state). A return, not a goto: C# forbids jumping
    /// over a <c>using</c> declaration.
    /// </summary>
    public const string YieldBreak = "{ __state = -2; return false; }";

    public static string BreakLabel(int loopId) => $"__break_{loopId}";

    public static string ContinueLabel(int loopId) => $"__continue_{loopId}";

    public static string SwitchSectionLabel(int switchId, int section) => $"__switch_{switchId}_case_{section}";

    public static string UserLabel(string name) => name;

    /// <summary>
    /// A parameter's field. The "_arg" suffix keeps it apart from every other reserved name: "__" + name alone made a
    /// parameter named <c>state</c> the state field itself, and <c>As</c>, <c>c0</c> or <c>@this</c> clash with helpers,
    /// box parameters and the captured <c>this</c>. Other generated names end in digits or are fixed words.
    /// </summary>
    public static string ParameterField(string name) => $"__{name}_arg";

    public static string LocalField(string name, int index) => $"__{name}_{index}";

    public static string ClassName(string templateName, int overload) =>
        overload == 0 ? $"__{templateName}_Coroutine" : $"__{templateName}_Coroutine{overload}";
}
