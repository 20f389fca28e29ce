using System.Diagnostics;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;

namespace Mlops.Containers.Tests;

/// <summary>
/// Redis, the six services and the frontend, each a podman container on the host network with its own volume at /data,
/// wired by the settings Cloud Run gives them: PORT, ConnectionStrings__cache and Services__&lt;peer&gt;. Free ports, and
/// names of its own, so it stands beside anything else on the machine.
/// </summary>
internal sealed class ContainerStack : IAsyncDisposable
{
    public const string Cache = "redis";
    public const string Frontend = "frontend";

    /// <summary>The gRPC services, in the order they start (each after the peers it calls).</summary>
    public static readonly string[] Services = ["ingestion", "registry", "drift", "training", "inference", "automation"];

    public static readonly string[] Images = [Cache, .. Services, Frontend];

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
        }
        else
        {
            environment["PORT"] = ports[name].ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return environment;
    }

    /// <summary>Creates each container's volume and starts every container; <paramref name="extra"/> adds settings or podman options per container.</summary>
    public static async Task<ContainerStack> StartAsync(
        Action<string> log,
        IReadOnlyDictionary<string, Dictionary<string, string>> settings,
        IReadOnlyDictionary<string, string[]> options)
    {
        var stack = new ContainerStack(log);
        try
        {
            await stack.RunAsync(Cache, [], [], ["redis-server", "--port", stack.ports[Cache].ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]);
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
    public static async Task<ContainerStack> PlayAsync(Action<string> log)
    {
        var stack = new ContainerStack(log);
        var manifests = KubeManifests.ForOneHost(stack.prefix, stack.ports, Podman.Image);
        stack.playedFile = Path.Combine(Path.GetTempPath(), $"{stack.prefix}.yaml");
        try
        {
            await File.WriteAllTextAsync(stack.playedFile, manifests.Yaml);
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
            if (name == Cache)
            {
                return (await Podman.RunAsync("exec", ContainerName(name), "redis-cli", "-p", ports[name].ToString(System.Globalization.CultureInfo.InvariantCulture), "ping"))
                    .Output.Trim() == "PONG";
            }

            if (name == Frontend)
            {
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
