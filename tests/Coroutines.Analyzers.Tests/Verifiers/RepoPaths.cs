using System.Reflection;

namespace Coroutines.Analyzers.Tests.Verifiers;

/// <summary>
/// Paths into the repository, from the test project's directory recorded at build time (tests/Directory.Build.props);
/// [CallerFilePath] is not used because a CI build path-maps source paths to <c>/_/</c>.
/// </summary>
internal static class RepoPaths
{
    public static string ProjectDirectory { get; } = typeof(RepoPaths).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "ProjectDirectory").Value!;

    public static string Root { get; } = Path.GetFullPath(Path.Combine(ProjectDirectory, "..", ".."));

    public static string Combine(params string[] parts) => Path.Combine([Root, .. parts]);
}
