using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;
using static Mlops.Containers.Tests.DeploySources;

namespace Mlops.Containers.Tests;

/// <summary>
/// What .github/workflows/deploy.yml, cloudbuild.yaml, .github/cloudrun and deploy/k8s reference exists, and every setting
/// a service reads at start (its peers' addresses, the cache, the data root) is provided, in the Cloud and in Kubernetes.
/// </summary>
public sealed partial class DeployFilesTests
{
    private static readonly string Workflow = Path(".github", "workflows", "deploy.yml");
    private static readonly string[] Deployed = [.. ContainerStack.Services, ContainerStack.Frontend];

    public static TheoryData<string> Services() => [.. Deployed];

    [Fact]
    public void The_workflow_and_cloud_build_deploy_every_service_from_files_that_exist()
    {
        var matrix = Items(Document(Workflow), "jobs", "deploy", "strategy", "matrix", "service").Select(node => node.ToString()).ToList();
        Assert.Equal(Deployed.Order(), matrix.Order());
        foreach (var service in matrix)
        {
            var project = Path("Services", FolderOf(service), $"{FolderOf(service)}.csproj");
            Assert.True(File.Exists(project), $"deploy.yml deploys {service}, but {project} does not exist");
            Assert.Contains("Container.props", File.ReadAllText(project), StringComparison.Ordinal);
            Assert.True(File.Exists(Path(".github", "cloudrun", $"{service}.yaml")), $"no .github/cloudrun/{service}.yaml");
        }

        var cloudBuild = File.ReadAllText(Path("cloudbuild.yaml"));
        foreach (var loop in ServiceLoop().Matches(cloudBuild).Select(match => match.Groups[1].Value.Split(' ')))
        {
            Assert.Equal(Deployed.Order(), loop.Order());
        }

        Assert.Equal(2, ServiceLoop().Count(cloudBuild));
    }

    [Fact]
    public void Every_variable_and_secret_the_workflow_uses_is_documented()
    {
        var workflow = File.ReadAllText(Workflow);
        var docs = File.ReadAllText(Path("docs", "deploy.md"));
        var names = WorkflowSetting().Matches(workflow).Select(match => match.Groups[1].Value).Distinct().ToList();
        Assert.Contains("GCP_PROJECT_NUMBER", names);
        Assert.All(names, name => Assert.Contains(name, docs, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Services))]
    public void Every_placeholder_of_a_cloud_run_file_is_rendered_by_both_deploy_paths(string service)
    {
        var text = File.ReadAllText(Path(".github", "cloudrun", $"{service}.yaml"));
        var placeholders = Placeholder().Matches(text).Select(match => match.Groups[1].Value).ToHashSet();
        var workflow = File.ReadAllText(Workflow);
        var rendered = EnvsubstList().Match(workflow).Groups[1].Value;
        var stepEnvironment = At(Document(Workflow), "jobs", "deploy", "steps") is YamlSequenceNode steps
            ? steps.Children.Select(step => At(step, "env")).OfType<YamlMappingNode>().SelectMany(env => env.Children.Keys.Select(key => key.ToString())).ToHashSet()
            : [];
        var cloudBuild = File.ReadAllText(Path("cloudbuild.yaml"));
        foreach (var name in placeholders)
        {
            Assert.Contains($"${{{name}}}", rendered, StringComparison.Ordinal);
            Assert.Contains(name, stepEnvironment);
            Assert.Contains($"$${{{name}}}", cloudBuild, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(Services))]
    public void A_cloud_run_service_gets_every_setting_its_code_reads_at_start(string service)
    {
        var document = Document(Path(".github", "cloudrun", $"{service}.yaml"));
        Assert.Equal($"mlops-{service}", Text(document, "metadata", "name"));
        var template = At(document, "spec", "template")!;
        var container = At(template, "spec", "containers", 0)!;
        var env = Items(container, "env").ToDictionary(item => Text(item, "name")!, item => item);

        var peers = DeploySources.PeersInCode(service);
        Assert.Equal(peers, env.Keys.Where(key => key.StartsWith("Services__", StringComparison.Ordinal)).Select(key => key["Services__".Length..]).Order());
        foreach (var peer in peers)
        {
            Assert.Equal($"https://mlops-{peer}-${{PROJECT_NUMBER}}.${{REGION}}.run.app", Text(env[$"Services__{peer}"], "value"));
        }

        Assert.Equal("mlops-redis", Text(env["ConnectionStrings__cache"], "valueFrom", "secretKeyRef", "name"));
        var annotations = (YamlMappingNode)At(template, "metadata", "annotations")!;
        if (DeploySources.UsesMetadataInCode(service))
        {
            // Metadata in Cloud SQL for PostgreSQL: the kind, the connection string from Secret Manager, the instance's socket.
            Assert.Equal("postgres", Text(env["Metadata__Kind"], "value"));
            Assert.Equal("mlops-metadata", Text(env["ConnectionStrings__metadata"], "valueFrom", "secretKeyRef", "name"));
            Assert.Equal("${PROJECT}:${REGION}:mlops", Text(annotations, "run.googleapis.com/cloudsql-instances"));
        }
        else
        {
            Assert.DoesNotContain("Metadata__Kind", env.Keys);
        }

        // Cloud Run sets PORT itself and refuses a revision that sets it.
        Assert.DoesNotContain("PORT", env.Keys);
        Assert.Equal("8080", Text(container, "ports", 0, "containerPort"));
        Assert.Equal($"mlops-{service}@${{PROJECT}}.iam.gserviceaccount.com", Text(template, "spec", "serviceAccountName"));
        Assert.True(int.Parse(Text(template, "spec", "containerConcurrency")!, System.Globalization.CultureInfo.InvariantCulture) > 0);
        var min = int.Parse(Text(annotations, "autoscaling.knative.dev/minScale")!, System.Globalization.CultureInfo.InvariantCulture);
        var max = int.Parse(Text(annotations, "autoscaling.knative.dev/maxScale")!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(min, 0, max);

        if (service == ContainerStack.Frontend)
        {
            Assert.Equal("http1", Text(container, "ports", 0, "name"));
            Assert.Equal("/health", Text(container, "startupProbe", "httpGet", "path"));
            return;
        }

        // gRPC end to end: a port named h2c makes Cloud Run speak cleartext HTTP/2 to the container.
        Assert.Equal("h2c", Text(container, "ports", 0, "name"));
        Assert.Equal("8080", Text(container, "startupProbe", "grpc", "port"));
        Assert.Equal("8080", Text(container, "livenessProbe", "grpc", "port"));
        if (!DeploySources.UsesMetadataInCode(service))
        {
            // Inference stores nothing (models come from the registry into memory): no share, no bucket, more instances.
            Assert.DoesNotContain(env.Keys, key => key == "DataRoot" || key.StartsWith("Storage__", StringComparison.Ordinal));
            Assert.Empty(Items(container, "volumeMounts"));
            Assert.True(max > 1, $"{service} stores nothing, yet runs at most {max} instance");
            return;
        }

        Assert.Equal("/data", Text(env["DataRoot"], "value"));
        Assert.Equal("/data", Text(container, "volumeMounts", 0, "mountPath"));
        var volume = Text(container, "volumeMounts", 0, "name");
        Assert.Contains(Items(template, "spec", "volumes"), item => Text(item, "name") == volume);
        Assert.Equal("s3", Text(env["Storage__Blobs__Kind"], "value"));
        // One instance of a service with state: several are not proved on Cloud Run.
        Assert.Equal(1, max);
    }

    [Theory]
    [MemberData(nameof(Services))]
    public void A_kubernetes_deployment_gets_every_setting_its_code_reads_at_start_and_its_references_resolve(string service)
    {
        var settings = Documents(Path("deploy", "k8s", "settings.yaml"));
        var peersMap = settings.Single(document => Text(document, "metadata", "name") == "mlops-peers");
        var secrets = settings.Single(document => Text(document, "metadata", "name") == "mlops-secrets");
        var documents = Documents(Path("deploy", "k8s", $"{service}.yaml"));
        var deployment = documents.Single(document => Text(document, "kind") == "Deployment");
        var pod = At(deployment, "spec", "template", "spec")!;
        var container = At(pod, "containers", 0)!;
        var env = Items(container, "env").ToDictionary(item => Text(item, "name")!, item => item);

        var peers = DeploySources.PeersInCode(service);
        Assert.Equal(peers, env.Keys.Where(key => key.StartsWith("Services__", StringComparison.Ordinal)).Select(key => key["Services__".Length..]).Order());
        foreach (var peer in peers)
        {
            var key = Text(env[$"Services__{peer}"], "valueFrom", "configMapKeyRef", "key")!;
            Assert.Equal($"http://{peer}:8080", Text(peersMap, "data", key));
            Assert.Contains(Documents(Path("deploy", "k8s", $"{peer}.yaml")), document => Text(document, "kind") == "Service" && Text(document, "metadata", "name") == peer);
        }

        var cacheKey = Text(env["ConnectionStrings__cache"], "valueFrom", "secretKeyRef", "key")!;
        Assert.NotNull(Text(secrets, "stringData", cacheKey));
        Assert.Equal("true", Text(pod, "securityContext", "runAsNonRoot"));
        Assert.NotNull(At(container, "resources", "limits", "memory"));
        Assert.Equal($"mlops/{service}:latest", Text(container, "image"));

        if (service != ContainerStack.Frontend)
        {
            Assert.Equal("8080", Text(env["PORT"], "value"));
            Assert.Equal("8080", Text(container, "startupProbe", "grpc", "port"));
            Assert.Equal("8080", Text(container, "livenessProbe", "grpc", "port"));
        }

        if (!DeploySources.UsesMetadataInCode(service))
        {
            // Nothing stored: no claim, and nothing that would make a second pod harmful.
            Assert.DoesNotContain(documents, document => Text(document, "kind") == "PersistentVolumeClaim");
            return;
        }

        var claim = Text(pod, "volumes", 0, "persistentVolumeClaim", "claimName");
        Assert.Contains(documents, document => Text(document, "kind") == "PersistentVolumeClaim" && Text(document, "metadata", "name") == claim);
        // One pod at a time on a ReadWriteOnce volume.
        Assert.Equal("Recreate", Text(deployment, "spec", "strategy", "type"));

        // Metadata in the shared PostgreSQL and blobs in the object store: the kinds, and the secrets' keys exist.
        var shared = settings.Single(document => Text(document, "metadata", "name") == "mlops-settings");
        Assert.Equal("postgres", Text(shared, "data", "Metadata__Kind"));
        Assert.Equal("s3", Text(shared, "data", "Storage__Blobs__Kind"));
        Assert.Equal("http://s3:9000", Text(shared, "data", "Storage__Blobs__S3__ServiceUrl"));
        foreach (var name in new[] { "ConnectionStrings__metadata", "Storage__Blobs__S3__AccessKey", "Storage__Blobs__S3__SecretKey" })
        {
            Assert.NotNull(Text(secrets, "stringData", Text(env[name], "valueFrom", "secretKeyRef", "key")!));
        }

        Assert.StartsWith("Host=postgres;Port=5432;", Text(secrets, "stringData", "metadata"), StringComparison.Ordinal);
    }

    [Fact]
    public void The_bootstrap_job_reaches_the_peers_its_code_calls_and_imports_from_an_ingestion_import_root()
    {
        var peersMap = Documents(Path("deploy", "k8s", "settings.yaml")).Single(document => Text(document, "metadata", "name") == "mlops-peers");
        var job = Document(Path("deploy", "k8s", "bootstrap.yaml"));
        Assert.Equal("Job", Text(job, "kind"));
        var container = At(job, "spec", "template", "spec", "containers", 0)!;
        Assert.Equal($"mlops/{ContainerStack.Bootstrap}:latest", Text(container, "image"));
        var env = Items(container, "env").ToDictionary(item => Text(item, "name")!, item => item);
        var peers = DeploySources.PeersInCode(ContainerStack.Bootstrap);
        Assert.Equal(ContainerStack.BootstrapPeers.Order(), peers);
        Assert.Equal(peers, env.Keys.Where(key => key.StartsWith("Services__", StringComparison.Ordinal)).Select(key => key["Services__".Length..]).Order());
        foreach (var peer in peers)
        {
            Assert.NotNull(Text(peersMap, "data", Text(env[$"Services__{peer}"], "valueFrom", "configMapKeyRef", "key")!));
        }

        // The folder is read by ingestion: it must lie in the imports folder of ingestion's data root (ImportRoots).
        var ingestion = At(Documents(Path("deploy", "k8s", "ingestion.yaml")).Single(document => Text(document, "kind") == "Deployment"),
            "spec", "template", "spec", "containers", 0)!;
        var dataRoot = Items(ingestion, "env").Single(item => Text(item, "name") == "DataRoot");
        Assert.StartsWith($"{Text(dataRoot, "value")}/imports/", Text(env["Bootstrap__SampleFolder"], "value"), StringComparison.Ordinal);
        Assert.Equal("Never", Text(job, "spec", "template", "spec", "restartPolicy"));
    }

    [Fact]
    public void The_kustomization_lists_every_manifest_and_image()
    {
        var kustomization = Document(Path("deploy", "k8s", "kustomization.yaml"));
        var listed = Items(kustomization, "resources").Select(node => node.ToString()).Order().ToList();
        var files = Directory.EnumerateFiles(Path("deploy", "k8s"), "*.yaml").Select(System.IO.Path.GetFileName).OfType<string>()
            .Where(name => name != "kustomization.yaml").Order().ToList();
        Assert.Equal(files, listed);
        var images = Items(kustomization, "images").Select(node => Text(node, "name")).Order().ToList();
        Assert.Equal(ContainerStack.Images.Append(ContainerStack.Bootstrap).Select(image => $"mlops/{image}").Order(), images);
    }

    [Theory]
    [MemberData(nameof(Services))]
    public void The_container_test_wires_the_peers_the_code_calls(string service) =>
        Assert.Equal(DeploySources.PeersInCode(service), ContainerStack.Peers[service].Order());

    [GeneratedRegex(@"for service in ([a-z ]+); do")]
    private static partial Regex ServiceLoop();

    [GeneratedRegex(@"(?:vars|secrets)\.([A-Z_]+)")]
    private static partial Regex WorkflowSetting();

    [GeneratedRegex(@"\$\{([A-Z_]+)\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"envsubst '([^']+)'")]
    private static partial Regex EnvsubstList();
}
