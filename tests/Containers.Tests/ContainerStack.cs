using System.Diagnostics;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;

namespace Mlops.Containers.Tests;

/// <summary>
/// Redis, PostgreSQL, an S3 store, the six services and the frontend, each a podman container on the host network with
/// its own volume at /data, wired by the settings Cloud Run gives them: PORT, ConnectionStrings__cache,
/// Services__&lt;peer&gt;, Metadata__* and Storage__Blobs__*. Free ports, and names of its own, so it stands beside
/// anything else on the machine.
/// </summary>
internal sealed class ContainerStack : IAsyncDisposable
{
    public const string Cache = "redis";

    /// <summary>PostgreSQL: the services' metadata, a schema each in one database (Cloud SQL in the cloud).</summary>
    public const string Database = "postgres";

    /// <summary>The S3-compatible store (s3rver): the services' blobs (a Cloud Storage bucket in the cloud).</summary>
    public const string ObjectStore = "s3";

    /// <summary>The bucket the object store is started with; its built-in key pair.</summary>
    public const string Bucket = "mlops";

    public const string ObjectStoreKey = "S3RVER";

    /// <summary>Where in the bucket the services keep their blobs (Storage__Blobs__S3__Prefix, as on Cloud Run).</summary>
    public const string BlobPrefix = "mlops";

    /// <summary>The database the PostgreSQL image creates on first start, and its user.</summary>
    public const string DatabaseName = "mlops";
    public const string Frontend = "frontend";

    /// <summary>The gRPC services, in the order they start (each after the peers it calls).</summary>
    public static readonly string[] Services = ["ingestion", "registry", "drift", "training", "inference", "automation"];

    /// <summary>What the services keep their state in, started first.</summary>
    public static readonly string[] Stores = [Cache, Database, ObjectStore];

    public static readonly string[] Images = [.. Stores, .. Services, Frontend];

    /// <summary>One-shot containers run to their end beside the stack: the first-run bootstrap.</summary>
    public const string Bootstrap = "bootstrap";

    /// <summary>Whom the bootstrap calls.</summary>
    public static readonly string[] BootstrapPeers = ["ingestion", "training", "registry"];

    /// <summary>Whom each one calls: the same references as the AppHost, deploy/k8s and .github/cloudrun.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Peers = new Dictionary<string, string[]>
    {
        ["ingestion"] = ["registry"],
        ["registry"] = ["ingestion"],
        ["drift"] = ["ingestion", "registry"],
        ["training"] = ["ingestion", "registry"],
        ["inference"] = ["registry", "drift"],
        ["automation"] = ["ingestion", "training", "registry", "drift"],
        [Frontend] = ["ingestion", "training", "registry", "inference", "drift"],
    };

    private readonly string prefix = $"mlops-ct-{Guid.NewGuid().ToString("N")[..8]}";
    private readonly Dictionary<string, int> ports = HostPorts.Pick(Images);
    private readonly Dictionary<string, GrpcChannel> channels = [];
    private readonly List<string> jobs = [];
    private readonly Action<string> log;
    private string? playedFile;

    private ContainerStack(Action<string> log) => this.log = log;

    public string Prefix => prefix;

    /// <summary>podman run names containers as told; podman kube play names them &lt;deployment&gt;-pod-0-&lt;container&gt;.</summary>
    public string ContainerName(string name) => playedFile is null ? $"{prefix}-{name}" : $"{prefix}-{name}-pod-0-{name}";

    /// <summary>The volume that holds a container's /data.</summary>
    public string VolumeName(string name) => playedFile is null ? $"{prefix}-{name}" : $"{prefix}-{name}-data";

    public int Port(string name) => ports[name];

    public string Address(string name) => $"http://127.0.0.1:{ports[name]}";

    public GrpcChannel Channel(string service)
    {
        if (!channels.TryGetValue(service, out var channel))
        {
            channel = GrpcChannel.ForAddress(Address(service), new GrpcChannelOptions { MaxReceiveMessageSize = 16 * 1024 * 1024 });
            channels[service] = channel;
        }

        return channel;
    }

    /// <summary>The environment a container gets: what deploy/k8s's ConfigMaps and .github/cloudrun's files set, with this stack's addresses.</summary>
    public Dictionary<string, string> Environment(string name)
    {
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__cache"] = $"127.0.0.1:{ports[Cache]}",
        };
        foreach (var peer in Peers[name])
        {
            environment[$"Services__{peer}"] = Address(peer);
        }

        if (name == Frontend)
        {
            environment["Kestrel__Endpoints__http__Url"] = Address(name);
            return environment;
        }

        environment["PORT"] = ports[name].ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (!DeploySources.UsesMetadataInCode(name))
        {
            // Inference keeps nothing: no database, no bucket.
            return environment;
        }

        environment["Metadata__Kind"] = "postgres";
        environment["ConnectionStrings__metadata"] = MetadataConnectionString;
        environment["Storage__Blobs__Kind"] = "s3";
        environment["Storage__Blobs__S3__ServiceUrl"] = Address(ObjectStore);
        environment["Storage__Blobs__S3__Bucket"] = Bucket;
        environment["Storage__Blobs__S3__AccessKey"] = ObjectStoreKey;
        environment["Storage__Blobs__S3__SecretKey"] = ObjectStoreKey;
        environment["Storage__Blobs__S3__Prefix"] = BlobPrefix;
        return environment;
    }

    /// <summary>The services' connection string to the PostgreSQL container.</summary>
    public string MetadataConnectionString =>
        $"Host=127.0.0.1;Port={ports[Database]};Username={DatabaseName};Database={DatabaseName}";

    /// <summary>Creates each container's volume and starts every container; <paramref name="extra"/> adds settings or podman options per container.</summary>
    public static async Task<ContainerStack> StartAsync(
        Action<string> log,
        IReadOnlyDictionary<string, Dictionary<string, string>> settings,
        IReadOnlyDictionary<string, string[]> options)
    {
        var stack = new ContainerStack(log);
        try
        {
            await stack.RunAsync(Cache, [], [], ["redis-server", "--port", stack.Text(Cache),
                "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]);
            // The database and the bucket keep their contents on their volumes, so a restart must not lose them either.
            await stack.RunAsync(Database, [], [], ["-p", stack.Text(Database), "-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200"]);
            await stack.RunAsync(ObjectStore, [], [], ["--port", stack.Text(ObjectStore), "--address", "127.0.0.1", "--configure-bucket", Bucket]);
            foreach (var name in Services.Append(Frontend))
            {
                var environment = stack.Environment(name);
                foreach (var (key, value) in settings.GetValueOrDefault(name) ?? [])
                {
                    environment[key] = value;
                }

                await stack.RunAsync(name, environment, options.GetValueOrDefault(name) ?? [], []);
            }

            return stack;
        }
        catch
        {
            await stack.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts the stack from deploy/k8s with <c>podman kube play</c>, made to fit one machine by <see cref="KubeManifests"/>.</summary>
    public static async Task<ContainerStack> PlayAsync(Action<string> log, IReadOnlyDictionary<string, string> settings)
    {
        var stack = new ContainerStack(log);
        var manifests = KubeManifests.ForOneHost(stack.prefix, stack.ports, Podman.Image, settings);
        stack.playedFile = Path.Combine(Path.GetTempPath(), $"{stack.prefix}.yaml");
        try
        {
            await File.WriteAllTextAsync(stack.playedFile, manifests.Yaml);
            await File.WriteAllTextAsync(stack.JobFile, manifests.JobYaml);
            foreach (var (name, json) in manifests.Secrets)
            {
                var file = $"{stack.playedFile}.{name}.json";
                await File.WriteAllTextAsync(file, json);
                try
                {
                    await Podman.CheckedAsync("secret", "create", name, file);
                }
                finally
                {
                    File.Delete(file);
                }
            }

            await Podman.CheckedAsync("kube", "play", stack.playedFile);
            return stack;
        }
        catch
        {
            await stack.DisposeAsync();
            throw;
        }
    }

    private string Text(string name) => ports[name].ToString(System.Globalization.CultureInfo.InvariantCulture);

    private async Task RunAsync(string name, Dictionary<string, string> environment, string[] options, string[] command)
    {
        await Podman.CheckedAsync("volume", "create", VolumeName(name));
        List<string> arguments = ["run", "--detach", "--name", ContainerName(name), "--network", "host",
            "--volume", $"{VolumeName(name)}:/data", .. options];
        foreach (var (key, value) in environment)
        {
            arguments.AddRange(["--env", $"{key}={value}"]);
        }

        arguments.Add(Podman.Image(name));
        arguments.AddRange(command);
        await Podman.CheckedAsync([.. arguments]);
    }

    /// <summary>
    /// Runs a one-shot image (<see cref="Bootstrap"/>) against the stack's addresses until it exits; returns its exit code and log.
    /// </summary>
    public async Task<(int ExitCode, string Log)> RunToEndAsync(string name, IReadOnlyDictionary<string, string> settings, string[] options)
    {
        List<string> arguments = ["run", "--detach", "--name", ContainerName(name), "--network", "host", .. options];
        foreach (var peer in BootstrapPeers)
        {
            arguments.AddRange(["--env", $"Services__{peer}={Address(peer)}"]);
        }

        foreach (var (key, value) in settings)
        {
            arguments.AddRange(["--env", $"{key}={value}"]);
        }

        arguments.Add(Podman.Image(name));
        jobs.Add(name);
        await Podman.CheckedAsync([.. arguments]);
        var exitCode = int.Parse((await Podman.CheckedAsync("wait", ContainerName(name))).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        return (exitCode, (await Podman.RunAsync("logs", ContainerName(name))).Output);
    }

    private string JobFile => $"{playedFile}.job.yaml";

    /// <summary>Plays deploy/k8s's bootstrap Job (as a Pod of its template) and waits for it to end; returns its exit code and log.</summary>
    public async Task<(int ExitCode, string Log)> PlayJobToEndAsync()
    {
        await Podman.CheckedAsync("kube", "play", JobFile);
        var container = $"{KubeManifests.Renamed(prefix, Bootstrap)}-{Bootstrap}";
        var exitCode = int.Parse((await Podman.CheckedAsync("wait", container)).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        return (exitCode, (await Podman.RunAsync("logs", container)).Output);
    }

    /// <summary>Waits until every container answers its health check; returns how long each took from the call.</summary>
    public async Task<Dictionary<string, TimeSpan>> WaitHealthyAsync(TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        var healthy = new Dictionary<string, TimeSpan>();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        while (healthy.Count < Images.Length)
        {
            foreach (var name in Images.Where(name => !healthy.ContainsKey(name)))
            {
                if (await IsHealthyAsync(name, http))
                {
                    healthy[name] = clock.Elapsed;
                }
            }

            if (healthy.Count == Images.Length)
            {
                break;
            }

            if (clock.Elapsed > limit)
            {
                var waiting = Images.Where(name => !healthy.ContainsKey(name)).ToList();
                var logs = new List<string>();
                foreach (var name in waiting)
                {
                    logs.Add($"--- {name}:\n{(await Podman.RunAsync("logs", "--tail", "40", ContainerName(name))).Output}");
                }

                throw new TimeoutException($"Waited {limit} for {string.Join(", ", waiting)} to be healthy.\n{string.Join('\n', logs)}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }

        return healthy;
    }

    private async Task<bool> IsHealthyAsync(string name, HttpClient http)
    {
        try
        {
            switch (name)
            {
                case Cache:
                    return (await Podman.RunAsync("exec", ContainerName(name), "redis-cli", "-p", Text(name), "ping")).Output.Trim() == "PONG";
                case Database:
                    return (await Podman.RunAsync("exec", ContainerName(name), "pg_isready", "-h", "127.0.0.1", "-p", Text(name), "-d", DatabaseName)).ExitCode == 0;
                case ObjectStore:
                    return (await http.GetAsync(new Uri($"{Address(name)}/{Bucket}"))).IsSuccessStatusCode;
                case Frontend:
                    return (await http.GetAsync(new Uri($"{Address(name)}/health"))).IsSuccessStatusCode;
            }

            var answer = await new Health.HealthClient(Channel(name)).CheckAsync(
                new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(10));
            return answer.Status == HealthCheckResponse.Types.ServingStatus.Serving;
        }
        catch (Exception error) when (error is RpcException or HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    /// <summary>Stops every container (SIGTERM, then up to 30 s) and starts it again: the same volumes, a new process.</summary>
    public async Task RestartAllAsync()
    {
        foreach (var channel in channels.Values)
        {
            channel.Dispose();
        }

        channels.Clear();
        var names = Images.Select(ContainerName).ToArray();
        await Podman.CheckedAsync(["stop", "--time", "30", .. names]);
        await Podman.CheckedAsync(["start", .. names]);
    }

    /// <summary>The keys of the objects in the bucket under <paramref name="prefix"/>, as the store keeps them on its volume.</summary>
    public async Task<List<string>> ObjectKeysAsync(string prefix)
    {
        var root = $"/data/s3/{Bucket}/{prefix}/";
        var found = await Podman.CheckedAsync("exec", ContainerName(ObjectStore), "find", root, "-name", "*._S3rver_object");
        return [.. found.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(file => file[root.Length..])];
    }

    /// <summary>Whether a container still runs (false after it exited on its own).</summary>
    public async Task<string> StateAsync(string name) =>
        (await Podman.CheckedAsync("inspect", "--format", "{{.State.Status}}", ContainerName(name))).Trim();

    public async ValueTask DisposeAsync()
    {
        foreach (var channel in channels.Values)
        {
            channel.Dispose();
        }

        if (playedFile is not null)
        {
            if (File.Exists(JobFile))
            {
                await Podman.RunAsync("kube", "down", JobFile);
                File.Delete(JobFile);
            }

            if (File.Exists(playedFile))
            {
                await Podman.RunAsync("kube", "down", playedFile);
                File.Delete(playedFile);
            }

            foreach (var name in Images)
            {
                await Podman.RunAsync("volume", "rm", "--force", VolumeName(name));
            }

            await Podman.RunAsync("secret", "rm", KubeManifests.Renamed(prefix, KubeManifests.SecretName));
            return;
        }

        foreach (var job in jobs)
        {
            await Podman.RunAsync("rm", "--force", ContainerName(job));
        }

        foreach (var name in Images)
        {
            var (exitCode, output) = await Podman.RunAsync("rm", "--force", "--time", "10", ContainerName(name));
            if (exitCode != 0 && !output.Contains("no such container", StringComparison.OrdinalIgnoreCase))
            {
                log($"podman rm {ContainerName(name)}: {output}");
            }

            await Podman.RunAsync("volume", "rm", "--force", VolumeName(name));
        }
    }
}
