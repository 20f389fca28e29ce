using System.Text.Json;
using System.Text.RegularExpressions;
using Mlops.TestSupport;

namespace Mlops.EndToEnd.Tests;

/// <summary>
/// Every loopback address a README or doc tells a user to call is one that `dotnet run --project AppHost` listens on,
/// with the protocol the command speaks: gRPC clients on a service's HTTP/2 port, curl on its HTTP/1 port.
/// </summary>
public sealed partial class DocumentedAddressesTests
{
    [Fact]
    public void Every_documented_loopback_port_is_one_the_stack_listens_on()
    {
        var listening = StackPorts();
        var wrong = DocumentedAddresses()
            .Where(address => !listening.ContainsKey(address.Port))
            .Select(address => $"{address.Where}: port {address.Port} ({address.Line})")
            .ToList();

        Assert.True(wrong.Count == 0, "Documented ports nothing listens on under the AppHost:\n" + string.Join('\n', wrong));
    }

    [Fact]
    public void Grpc_commands_use_grpc_ports_and_curl_uses_http_ports()
    {
        var listening = StackPorts();
        var wrong = new List<string>();
        foreach (var address in DocumentedAddresses())
        {
            if (!listening.TryGetValue(address.Port, out var listener))
            {
                continue;
            }

            var expected = ExpectedProtocol(address.Line);
            if (expected is not null && !listener.EndsWith(":" + expected, StringComparison.Ordinal))
            {
                wrong.Add($"{address.Where}: port {address.Port} is {listener}, the command needs {expected} ({address.Line})");
            }
        }

        Assert.True(wrong.Count == 0, string.Join('\n', wrong));
    }

    [Fact]
    public void The_stack_ports_are_read_from_every_service()
    {
        var ports = StackPorts();

        // The check above is only as good as this table: each deployable service contributes both of its endpoints.
        foreach (var appsettings in ServiceSettingsFiles())
        {
            var service = Path.GetFileName(Path.GetDirectoryName(appsettings));
            Assert.True(ports.Values.Count(p => p.StartsWith(service + ":", StringComparison.Ordinal)) >= 1, $"{service} has no endpoint in the table");
        }

        Assert.Contains(ports, p => p.Value == "dashboard");
        Assert.Contains(ports, p => p.Value.EndsWith(":grpc", StringComparison.Ordinal));
    }

    private static string? ExpectedProtocol(string line)
    {
        if (GrpcCommand().IsMatch(line))
        {
            return "grpc";
        }

        return CurlCommand().IsMatch(line) ? "http" : null;
    }

    /// <summary>Port → "service:grpc", "service:http" or a name for the AppHost's own listeners.</summary>
    private static Dictionary<int, string> StackPorts()
    {
        var ports = new Dictionary<int, string>();
        foreach (var file in ServiceSettingsFiles())
        {
            var service = Path.GetFileName(Path.GetDirectoryName(file))!;
            using var json = JsonDocument.Parse(File.ReadAllText(file), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
            if (!json.RootElement.TryGetProperty("Kestrel", out var kestrel) || !kestrel.TryGetProperty("Endpoints", out var endpoints))
            {
                continue;
            }

            foreach (var endpoint in endpoints.EnumerateObject())
            {
                var url = new Uri(endpoint.Value.GetProperty("Url").GetString()!);
                var http2Only = endpoint.Value.TryGetProperty("Protocols", out var protocols) && protocols.GetString() == "Http2";
                ports[url.Port] = $"{service}:{(http2Only ? "grpc" : "http")}";
            }
        }

        using var launch = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryLayout.Root, "AppHost", "Properties", "launchSettings.json")));
        foreach (var profile in launch.RootElement.GetProperty("profiles").EnumerateObject())
        {
            foreach (var url in profile.Value.GetProperty("applicationUrl").GetString()!.Split(';'))
            {
                ports[new Uri(url).Port] = "dashboard";
            }

            foreach (var variable in profile.Value.GetProperty("environmentVariables").EnumerateObject())
            {
                if (variable.Name.EndsWith("_URL", StringComparison.Ordinal) && Uri.TryCreate(variable.Value.GetString(), UriKind.Absolute, out var uri))
                {
                    ports[uri.Port] = variable.Name;
                }
            }
        }

        // Prometheus, which the AppHost starts itself when Prometheus:Enabled is true, on the port of its appsettings.json.
        using var appHost = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryLayout.Root, "AppHost", "appsettings.json")));
        ports[appHost.RootElement.GetProperty("Prometheus").GetProperty("Port").GetInt32()] = "prometheus:http";
        return ports;
    }

    private static IEnumerable<string> ServiceSettingsFiles() =>
        Directory.GetDirectories(Path.Combine(RepositoryLayout.Root, "Services"))
            .Select(folder => Path.Combine(folder, "appsettings.json"))
            .Where(File.Exists);

    private static IEnumerable<DocumentedAddress> DocumentedAddresses()
    {
        var root = RepositoryLayout.Root;
        var documents = new[] { Path.Combine(root, "README.md"), Path.Combine(root, "loadtests", "README.md") }
            .Concat(Directory.GetFiles(Path.Combine(root, "docs"), "*.md", SearchOption.AllDirectories))
            .Where(document => !OtherStacks.Contains(Path.GetRelativePath(root, document).Replace('\\', '/')));

        foreach (var document in documents)
        {
            var lines = File.ReadAllLines(document);
            for (var i = 0; i < lines.Length; i++)
            {
                foreach (Match match in LoopbackAddress().Matches(lines[i]))
                {
                    if (ExternalServerSetting().IsMatch(lines[i][..match.Index]))
                    {
                        continue;
                    }

                    yield return new DocumentedAddress(
                        $"{Path.GetRelativePath(root, document)}:{i + 1}", int.Parse(match.Groups["port"].Value), lines[i].Trim());
                }
            }
        }
    }

    private sealed record DocumentedAddress(string Where, int Port, string Line);

    /// <summary>
    /// Documents whose addresses belong to another stack than the AppHost's: deploy.md's containers listen on ports of
    /// their own (the local image registry, Redis, one per container).
    /// </summary>
    private static readonly HashSet<string> OtherStacks = ["docs/deploy.md"];

    [GeneratedRegex(@"(?:127\.0\.0\.1|localhost):(?<port>\d{2,5})\b")]
    private static partial Regex LoopbackAddress();

    /// <summary>A setting naming a server the user runs beside the stack (a MinIO bucket), not one of the stack's ports.</summary>
    [GeneratedRegex(@"ServiceUrl=https?://$")]
    private static partial Regex ExternalServerSetting();

    [GeneratedRegex(@"\bgrpcurl\b|GrpcChannel|--target\b|h2load|_grpc\.")]
    private static partial Regex GrpcCommand();

    [GeneratedRegex(@"\bcurl\b|\bwrk\b")]
    private static partial Regex CurlCommand();
}
