namespace Coroutines.Package.Tests;

/// <summary>A console project outside the repository's MSBuild imports, as a user's is, referencing the packed package.</summary>
internal static class ConsumerProject
{
    /// <summary>Writes <paramref name="name"/>.csproj into <paramref name="directory"/>, restoring into a packages folder of its own.</summary>
    public static void Create(string directory, string name, string extraProperties = "")
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, name + ".csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <RestorePackagesPath>{Path.Combine(directory, "packages")}</RestorePackagesPath>
                <RestoreAdditionalProjectSources>{Path.GetDirectoryName(PackageTests.Package.Value)}</RestoreAdditionalProjectSources>
                {extraProperties}
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Coroutines.Generators" Version="{PackageTests.Version}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(directory, "Directory.Build.props"), "<Project />");
        File.WriteAllText(Path.Combine(directory, "Directory.Build.targets"), "<Project />");
        File.WriteAllText(Path.Combine(directory, "Directory.Packages.props"), "<Project><PropertyGroup><ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally></PropertyGroup></Project>");
    }
}
