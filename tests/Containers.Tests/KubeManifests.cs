using System.Globalization;
using System.Text;
using System.Text.Json;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Mlops.Containers.Tests;

/// <summary>
/// deploy/k8s as podman kube play can run it on one machine beside other work. What changes, and why:
/// host networking and free ports (podman has no cluster DNS, so peers are 127.0.0.1:&lt;port&gt; in the same ConfigMap
/// keys), the images by their local registry names (the kustomization's job in a cluster), every name prefixed (so
/// runs never share volumes), Services left out (podman ignores them), the bootstrap Job played as a Pod of the Job's own
/// template (podman 4.3 plays no Jobs) once the stack is up, the stores bound to loopback, the test's own settings added
/// to mlops-settings, and the Secret handed over as a podman
/// secret of JSON with base64 values (podman 4.3 reads secretKeyRef from those, not from a Secret in the played file).
/// Everything else (Deployments, env from ConfigMaps and the Secret, volumes from the claims, security context,
/// resources) is played as written.
/// </summary>
internal sealed class KubeManifests
{
    public const string SecretName = "mlops-secrets";
    private const string PeersName = "mlops-peers";
    private const string SettingsName = "mlops-settings";

    private KubeManifests(string yaml, string jobYaml, IReadOnlyDictionary<string, string> secrets)
    {
        Yaml = yaml;
        JobYaml = jobYaml;
        Secrets = secrets;
    }

    public string Yaml { get; }

    /// <summary>The bootstrap Job as a Pod of its template (with the ConfigMaps it reads), to play once the stack is healthy.</summary>
    public string JobYaml { get; }

    /// <summary>podman secret name -> its JSON content.</summary>
    public IReadOnlyDictionary<string, string> Secrets { get; }

    public static string Renamed(string prefix, string name) => $"{prefix}-{name}";

    public static KubeManifests ForOneHost(
        string prefix, IReadOnlyDictionary<string, int> ports, Func<string, string> image, IReadOnlyDictionary<string, string> extraSettings)
    {
        YamlMappingNode? job = null;
        var kustomization = DeploySources.Document(DeploySources.Path("deploy", "k8s", "kustomization.yaml"));
        var played = new List<YamlMappingNode>();
        var secrets = new Dictionary<string, string>();
        foreach (var file in DeploySources.Items(kustomization, "resources").Select(node => node.ToString()))
        {
            foreach (var document in DeploySources.Documents(DeploySources.Path("deploy", "k8s", file)))
            {
                var kind = DeploySources.Text(document, "kind");
                var name = DeploySources.Text(document, "metadata", "name")!;
                SetName(document, Renamed(prefix, name));
                switch (kind)
                {
                    case "Secret":
                        var values = ((YamlMappingNode)DeploySources.At(document, "stringData")!).Children.ToDictionary(
                            pair => pair.Key.ToString(),
                            pair => Convert.ToBase64String(Encoding.UTF8.GetBytes(pair.Key.ToString() switch
                            {
                                "cache" => $"127.0.0.1:{ports[ContainerStack.Cache]}",
                                "metadata" => pair.Value.ToString().Replace(
                                    "Host=postgres;Port=5432", $"Host=127.0.0.1;Port={ports[ContainerStack.Database]}", StringComparison.Ordinal),
                                _ => pair.Value.ToString(),
                            })));
                        secrets[Renamed(prefix, name)] = JsonSerializer.Serialize(values);
                        continue;
                    case "Service":
                        continue;
                    case "Job":
                        var template = (YamlMappingNode)DeploySources.At(document, "spec", "template", "spec")!;
                        Localize(template, prefix, name, null, image(name));
                        job = new YamlMappingNode(
                            new YamlScalarNode("apiVersion"), new YamlScalarNode("v1"),
                            new YamlScalarNode("kind"), new YamlScalarNode("Pod"),
                            new YamlScalarNode("metadata"), new YamlMappingNode(new YamlScalarNode("name"), new YamlScalarNode(Renamed(prefix, name))),
                            new YamlScalarNode("spec"), template);
                        continue;
                    case "ConfigMap" when name == SettingsName:
                        var settings = (YamlMappingNode)DeploySources.At(document, "data")!;
                        settings.Children[new YamlScalarNode("Storage__Blobs__S3__ServiceUrl")] =
                            new YamlScalarNode($"http://127.0.0.1:{ports[ContainerStack.ObjectStore]}");
                        foreach (var (key, value) in extraSettings)
                        {
                            settings.Children[new YamlScalarNode(key)] = Quoted(value);
                        }

                        break;
                    case "ConfigMap" when name == PeersName:
                        var data = (YamlMappingNode)DeploySources.At(document, "data")!;
                        foreach (var peer in data.Children.Keys.Select(key => key.ToString()).ToList())
                        {
                            data.Children[new YamlScalarNode(peer)] = new YamlScalarNode($"http://127.0.0.1:{ports[peer]}");
                        }

                        break;
                    case "Deployment":
                        Localize((YamlMappingNode)DeploySources.At(document, "spec", "template", "spec")!, prefix, name, ports[name], image(name));
                        break;
                }

                played.Add(document);
            }
        }

        // podman reads a pod's ConfigMaps from the file it plays: the Job's file carries them too.
        var configMaps = played.Where(document => DeploySources.Text(document, "kind") == "ConfigMap");
        return new KubeManifests(Write(played), Write([.. configMaps, job ?? throw new InvalidOperationException("deploy/k8s has no Job")]), secrets);
    }

    private static string Write(IEnumerable<YamlMappingNode> documents)
    {
        var yaml = new StringBuilder();
        foreach (var document in documents)
        {
            var stream = new YamlStream(new YamlDocument(document));
            using var writer = new StringWriter(CultureInfo.InvariantCulture);
            stream.Save(writer, assignAnchors: false);
            yaml.Append(writer.ToString().Replace("...\n", "", StringComparison.Ordinal).TrimEnd()).Append("\n---\n");
        }

        return yaml.ToString();
    }

    /// <summary>A pod spec on the host: its claims, ConfigMaps and Secret renamed, its image local, and, given a port, its own.</summary>
    private static void Localize(YamlMappingNode pod, string prefix, string name, int? port, string image)
    {
        pod.Children[new YamlScalarNode("hostNetwork")] = new YamlScalarNode("true");
        foreach (var volume in DeploySources.Items(pod, "volumes").OfType<YamlMappingNode>())
        {
            if (DeploySources.At(volume, "persistentVolumeClaim") is YamlMappingNode claim)
            {
                Rename(claim, "claimName", prefix);
            }
        }

        var container = (YamlMappingNode)DeploySources.At(pod, "containers", 0)!;
        container.Children[new YamlScalarNode("image")] = new YamlScalarNode(image);
        var text = port?.ToString(CultureInfo.InvariantCulture) ?? "";
        // On the host network a container's port is the process's own; podman refuses port mappings there.
        container.Children.Remove(new YamlScalarNode("ports"));
        foreach (var probe in new[] { "startupProbe", "readinessProbe", "livenessProbe" })
        {
            foreach (var kind in new[] { "grpc", "httpGet", "tcpSocket" })
            {
                if (DeploySources.At(container, probe, kind) is YamlMappingNode check)
                {
                    check.Children[new YamlScalarNode("port")] = new YamlScalarNode(text);
                }
            }
        }

        if (DeploySources.At(container, "args") is YamlSequenceNode args)
        {
            // The stores: their own port, and loopback only, as on a shared machine.
            switch (name)
            {
                case ContainerStack.Cache:
                    SetAfter(args, "--port", text);
                    args.Children.Add(new YamlScalarNode("--bind"));
                    args.Children.Add(new YamlScalarNode("127.0.0.1"));
                    break;
                case ContainerStack.Database:
                    SetAfter(args, "-p", text);
                    args.Children.Add(new YamlScalarNode("-c"));
                    args.Children.Add(new YamlScalarNode("listen_addresses=127.0.0.1"));
                    break;
                case ContainerStack.ObjectStore:
                    SetAfter(args, "--port", text);
                    SetAfter(args, "--address", "127.0.0.1");
                    break;
            }
        }

        foreach (var variable in DeploySources.Items(container, "env").OfType<YamlMappingNode>())
        {
            switch (DeploySources.Text(variable, "name"))
            {
                case "PORT":
                    variable.Children[new YamlScalarNode("value")] = Quoted(text);
                    break;
                case "Kestrel__Endpoints__http__Url":
                    variable.Children[new YamlScalarNode("value")] = new YamlScalarNode($"http://127.0.0.1:{text}");
                    break;
            }

            foreach (var reference in new[] { "configMapKeyRef", "secretKeyRef" })
            {
                if (DeploySources.At(variable, "valueFrom", reference) is YamlMappingNode referenced)
                {
                    Rename(referenced, "name", prefix);
                }
            }
        }

        foreach (var source in DeploySources.Items(container, "envFrom").OfType<YamlMappingNode>())
        {
            if (DeploySources.At(source, "configMapRef") is YamlMappingNode referenced)
            {
                Rename(referenced, "name", prefix);
            }
        }
    }

    private static void SetAfter(YamlSequenceNode args, string flag, string value)
    {
        var index = args.Children.IndexOf(new YamlScalarNode(flag));
        if (index < 0)
        {
            throw new InvalidOperationException($"deploy/k8s: the args {args} have no {flag}.");
        }

        args.Children[index + 1] = Quoted(value);
    }

    private static YamlScalarNode Quoted(string text) => new(text) { Style = ScalarStyle.DoubleQuoted };

    private static void SetName(YamlMappingNode document, string name) =>
        ((YamlMappingNode)DeploySources.At(document, "metadata")!).Children[new YamlScalarNode("name")] = new YamlScalarNode(name);

    private static void Rename(YamlMappingNode node, string key, string prefix) =>
        node.Children[new YamlScalarNode(key)] = new YamlScalarNode(Renamed(prefix, node.Children[new YamlScalarNode(key)].ToString()));
}
