using System.Text.RegularExpressions;
using Mlops.TestSupport;
using YamlDotNet.RepresentationModel;

namespace Mlops.Containers.Tests;

/// <summary>The deployment files as data: YAML documents, and what the services' code says they read at start.</summary>
internal static partial class DeploySources
{
    public static string Path(params string[] relative) => System.IO.Path.Combine([RepositoryLayout.Root, .. relative]);

    public static List<YamlMappingNode> Documents(string path)
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(path))
        {
            stream.Load(reader);
        }

        return [.. stream.Documents.Select(document => document.RootNode).OfType<YamlMappingNode>()];
    }

    public static YamlMappingNode Document(string path) => Documents(path).Single();

    /// <summary>The node at a path of mapping keys and sequence indexes, or null.</summary>
    public static YamlNode? At(YamlNode node, params object[] path)
    {
        var current = node;
        foreach (var step in path)
        {
            current = (current, step) switch
            {
                (YamlMappingNode mapping, string key) => mapping.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child : null,
                (YamlSequenceNode sequence, int index) => index < sequence.Children.Count ? sequence.Children[index] : null,
                _ => null,
            };
            if (current is null)
            {
                return null;
            }
        }

        return current;
    }

    public static string? Text(YamlNode node, params object[] path) => (At(node, path) as YamlScalarNode)?.Value;

    public static IEnumerable<YamlNode> Items(YamlNode node, params object[] path) =>
        At(node, path) is YamlSequenceNode sequence ? sequence.Children : [];

    /// <summary>The services a project's code calls through AddPeerClient, so the Services__&lt;peer&gt; settings it reads at start.</summary>
    public static SortedSet<string> PeersInCode(string service)
    {
        var folder = Path("Services", FolderOf(service));
        var code = Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Where(file => !file.Contains($"{System.IO.Path.DirectorySeparatorChar}obj{System.IO.Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(File.ReadAllText)
            .ToList();
        var peers = new SortedSet<string>(code.SelectMany(text => PeerLiteral().Matches(text)).Select(match => match.Groups[1].Value), StringComparer.Ordinal);
        if (code.Any(text => text.Contains("AddPeerClient<Health.HealthClient>(service", StringComparison.Ordinal)))
        {
            // The frontend names its peers once, in PlatformServices.
            var platform = code.Single(text => text.Contains("class PlatformServices", StringComparison.Ordinal));
            peers.UnionWith(ConstantLiteral().Matches(platform).Select(match => match.Groups[1].Value));
        }

        return peers;
    }

    /// <summary>Whether a project's code keeps metadata (a MetadataDatabase: SQLite under the data root, or PostgreSQL).</summary>
    public static bool UsesMetadataInCode(string service) =>
        Directory.EnumerateFiles(Path("Services", FolderOf(service)), "*.cs", SearchOption.AllDirectories)
            .Where(file => !file.Contains($"{System.IO.Path.DirectorySeparatorChar}obj{System.IO.Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Any(file => File.ReadAllText(file).Contains("MetadataDatabase", StringComparison.Ordinal));

    public static string FolderOf(string service) =>
        System.IO.Path.GetFileName(Directory.EnumerateDirectories(Path("Services"))
            .Single(folder => string.Equals(System.IO.Path.GetFileName(folder), service, StringComparison.OrdinalIgnoreCase)));

    [GeneratedRegex("""AddPeerClient<[^>]+>\("([a-z]+)"\)""")]
    private static partial Regex PeerLiteral();

    [GeneratedRegex("""public const string \w+ = "([a-z]+)";""")]
    private static partial Regex ConstantLiteral();
}
