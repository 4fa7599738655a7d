namespace Coroutines.Generator.Model;

/// <summary>
/// Names the generated code reserves. They start with two underscores, which the parser rejects in templates
/// (CORO111), so they never collide with user names. Locals and temporaries are <c>__{name}_{n}</c>; every other
/// generated name avoids ending in <c>_{digits}</c>, so it never meets a local's.
/// </summary>
internal static class GeneratedNames
{
    public const string State = "__state";
    public const string This = "__this";
    public const string Yielded = "__yielded";

    /// <summary>
    /// A parameter's field. The "_arg" suffix keeps it apart from every other reserved name: "__" + name alone made a
    /// parameter named <c>state</c> the state field itself.
    /// </summary>
    public static string ParameterField(string name) => $"__{name}_arg";

    public static string ClassName(string templateName, int overload) =>
        overload == 0 ? $"__{templateName}_Coroutine" : $"__{templateName}_Coroutine{overload}";

    public static string FinallyMethod(int id) => $"__Finally{id}";
}
