using System.Reflection;

namespace Coroutines.Runtime.Tests.Infrastructure;

/// <summary>
/// The test project's source directory, recorded at build time. [CallerFilePath] is not used for this because a CI
/// build (ContinuousIntegrationBuild) path-maps source paths to <c>/_/</c>.
/// </summary>
internal static class ProjectPaths
{
    public static string Directory { get; } = typeof(ProjectPaths).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "ProjectDirectory").Value!;
}
