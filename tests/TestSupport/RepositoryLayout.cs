using System.Reflection;

namespace Mlops.TestSupport;

/// <summary>Where things are in the repository a test runs from: its root, the built services, the shipped samples.</summary>
public static class RepositoryLayout
{
    /// <summary>The file that marks the repository root.</summary>
    public const string RootMarker = "Aspire.sln";

    private static readonly Lazy<string> RootFolder = new(FindRoot);

    /// <summary>The repository root: the nearest folder above the test's output folder that holds Aspire.sln.</summary>
    public static string Root => RootFolder.Value;

    /// <summary>The build configuration of the running tests (Debug or Release); services are looked up in the same one.</summary>
    public static string Configuration { get; } =
        typeof(RepositoryLayout).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration is { Length: > 0 } configuration
            ? configuration
            : "Debug";

    /// <summary>
    /// The built <c>Mlops.&lt;name&gt;.dll</c> of <c>Services/&lt;name&gt;</c>. A test project makes sure it is built by referencing
    /// the service with <c>&lt;ProjectReference Include="..\..\Services\&lt;name&gt;\&lt;name&gt;.csproj" ReferenceOutputAssembly="false" /&gt;</c>.
    /// </summary>
    public static string ServiceAssembly(string name)
    {
        var path = Path.Combine(Root, "Services", name, "bin", Configuration, "net10.0", $"Mlops.{name}.dll");
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException(
                $"Service {name} is not built at {path}; reference Services/{name}/{name}.csproj from the test project " +
                "with ReferenceOutputAssembly=\"false\" so it builds with the tests.", path);
    }

    /// <summary>The folder of the small Fashion-MNIST sample that ships with the repository.</summary>
    public static string FashionMnistSampleFolder => Path.Combine(Root, "samples", "fashion-mnist");

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, RootMarker)))
            {
                return folder.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No folder above {AppContext.BaseDirectory} holds {RootMarker}; run the tests from inside the repository.");
    }
}
