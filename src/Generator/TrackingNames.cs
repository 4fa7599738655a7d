namespace Coroutines.Generator;

/// <summary>Names of the pipeline steps, so tests can assert which steps re-ran.</summary>
internal static class TrackingNames
{
    public const string Declare = nameof(Declare);
    public const string Stubs = nameof(Stubs);
    public const string Parse = nameof(Parse);
    public const string Diagnostics = nameof(Diagnostics);
    public const string Model = nameof(Model);
    public const string Lowered = nameof(Lowered);
    public const string Output = nameof(Output);
}
