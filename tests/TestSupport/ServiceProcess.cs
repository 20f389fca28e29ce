using System.Diagnostics;
using System.Text;
using Grpc.Net.Client;

namespace Mlops.TestSupport;

/// <summary>
/// A built service running as a real subprocess (<c>dotnet Mlops.&lt;Name&gt;.dll</c>) with Kestrel on free loopback ports:
/// an HTTP/1 endpoint (health) and an HTTP/2 endpoint (gRPC), the protocols coming from the service's appsettings.json.
/// <see cref="StartAsync"/> returns once the process has logged that it listens on both ports and GET /health answers
/// "Healthy"; a first start whose port another process took meanwhile is retried on new ports. Output is captured (<see cref="Output"/>).
/// <see cref="RestartAsync"/> stops and starts the service again with the same environment and ports, so the same
/// data root is reopened; dispose kills it.
/// </summary>
/// <example>
/// <code>
/// await using var registry = await ServiceProcess.StartAsync("Registry", new Dictionary&lt;string, string?&gt; { ["DataRoot"] = folder });
/// var client = new RegistryService.RegistryServiceClient(registry.Channel);
/// </code>
/// </example>
public sealed class ServiceProcess : IAsyncDisposable
{
    /// <summary>How long a service gets to report Healthy: generous, since a loaded CI machine can take a minute to start a process.</summary>
    public static readonly TimeSpan DefaultStartTimeout = TimeSpan.FromSeconds(120);

    // FreePort hands out a port that is free now; another process can bind it before the service does.
    private const int PortAttempts = 5;

    private readonly string assemblyPath;
    private readonly Dictionary<string, string?> environment;
    private readonly TimeSpan startTimeout;
    private readonly Action<string>? log;
    private readonly StringBuilder output = new();
    private readonly Lock outputLock = new();
    private Process? process;
    private GrpcChannel? channel;

    private ServiceProcess(string name, string assemblyPath, IReadOnlyDictionary<string, string?> environment, TimeSpan startTimeout, Action<string>? log)
    {
        Name = name;
        this.assemblyPath = assemblyPath;
        this.startTimeout = startTimeout;
        this.log = log;
        this.environment = new Dictionary<string, string?>(environment)
        {
            // The "Now listening on" lines prove that this process, not another one on the same port, answers the health check.
            ["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information",
        };
        ChooseNewPorts();
    }

    /// <summary>The service's folder name under Services/ (e.g. "Registry").</summary>
    public string Name { get; }

    /// <summary>The HTTP/1 endpoint: /health, /alive, /metrics.</summary>
    public Uri HttpAddress { get; private set; } = null!;

    /// <summary>The HTTP/2 endpoint for gRPC calls.</summary>
    public Uri GrpcAddress { get; private set; } = null!;

    /// <summary>A channel to <see cref="GrpcAddress"/>; a new one after each restart.</summary>
    public GrpcChannel Channel => channel ?? throw new InvalidOperationException($"{Name} is not running.");

    /// <summary>The running process' id (for /proc/&lt;pid&gt;: its CPU time, memory and open files).</summary>
    public int ProcessId => process?.Id ?? throw new InvalidOperationException($"{Name} is not running.");

    /// <summary>Everything the process wrote to stdout and stderr so far, over all its starts.</summary>
    public string Output
    {
        get
        {
            lock (outputLock)
            {
                return output.ToString();
            }
        }
    }

    /// <summary>
    /// Starts <c>Services/&lt;name&gt;</c>'s built dll with <paramref name="environment"/> added to the process environment
    /// (configuration keys with "__" for ":", e.g. <c>DataRoot</c>, <c>services__ingestion__grpc__0</c>) and waits until it is healthy.
    /// <paramref name="log"/> receives each output line as it arrives (e.g. ITestOutputHelper.WriteLine).
    /// </summary>
    public static async Task<ServiceProcess> StartAsync(
        string name, IReadOnlyDictionary<string, string?>? environment = null, Action<string>? log = null, TimeSpan? startTimeout = null)
    {
        var service = new ServiceProcess(name, RepositoryLayout.ServiceAssembly(name), environment ?? new Dictionary<string, string?>(),
            startTimeout ?? DefaultStartTimeout, log);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await service.LaunchAsync();
                    return service;
                }
                catch (PortTakenException) when (attempt < PortAttempts)
                {
                    service.ChooseNewPorts();
                }
            }
        }
        catch
        {
            await service.DisposeAsync();
            throw;
        }
    }

    /// <summary>Kills the process and starts it again with the same environment and ports, waiting until it is healthy.</summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await LaunchAsync();
                return;
            }
            catch (PortTakenException) when (attempt < PortAttempts)
            {
                // Clients know these ports, so keep them: another process may hold one only for a moment (a short-lived outbound connection).
                await Task.Delay(TimeSpan.FromSeconds(1));
            }
        }
    }

    /// <summary>Kills the process (as a crash would: no graceful shutdown) and waits for it to exit.</summary>
    public async Task StopAsync()
    {
        channel?.Dispose();
        channel = null;
        await ProcessTermination.KillAsync(Interlocked.Exchange(ref process, null), entireProcessTree: true);
    }

    /// <summary>Kills the process, like <see cref="StopAsync"/>.</summary>
    public async ValueTask DisposeAsync() => await StopAsync();

    private async Task LaunchAsync()
    {
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { assemblyPath },
            WorkingDirectory = Path.GetDirectoryName(assemblyPath)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // A test gets Redis or a telemetry collector only when it asks for them, not from the shell it runs in.
        start.Environment.Remove("ConnectionStrings__cache");
        start.Environment.Remove("OTEL_EXPORTER_OTLP_ENDPOINT");
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        Append($"--- starting {Name}: http {HttpAddress}, grpc {GrpcAddress}");
        var outputBefore = Output.Length;
        var started = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {assemblyPath}.");
        started.OutputDataReceived += (_, line) => Append(line.Data);
        started.ErrorDataReceived += (_, line) => Append(line.Data);
        started.BeginOutputReadLine();
        started.BeginErrorReadLine();
        process = started;
        await WaitUntilHealthyAsync(started, outputBefore);
        channel = GrpcChannel.ForAddress(GrpcAddress);
    }

    private void ChooseNewPorts()
    {
        HttpAddress = new Uri($"http://127.0.0.1:{FreePort.Next()}");
        GrpcAddress = new Uri($"http://127.0.0.1:{FreePort.Next()}");
        environment["Kestrel__Endpoints__http__Url"] = HttpAddress.ToString().TrimEnd('/');
        environment["Kestrel__Endpoints__grpc__Url"] = GrpcAddress.ToString().TrimEnd('/');
    }

    private async Task WaitUntilHealthyAsync(Process started, int outputBefore)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var health = new Uri(HttpAddress, "/health");
        var deadline = Stopwatch.StartNew();
        var lastAnswer = "no answer yet";
        while (deadline.Elapsed < startTimeout)
        {
            if (started.HasExited)
            {
                await started.WaitForExitAsync();
                var message = $"{Name} exited with code {started.ExitCode} before it was healthy. Its output:\n{Output}";
                if (Output[outputBefore..].Contains("address already in use", StringComparison.OrdinalIgnoreCase))
                {
                    process = null;
                    started.Dispose();
                    throw new PortTakenException(message);
                }

                throw new InvalidOperationException(message);
            }

            if (!ListensOnBothPorts(outputBefore))
            {
                lastAnswer = "not listening on both ports yet";
                await Task.Delay(200);
                continue;
            }

            try
            {
                using var response = await http.GetAsync(health);
                var body = await response.Content.ReadAsStringAsync();
                if (response.IsSuccessStatusCode && body.Trim() == "Healthy")
                {
                    return;
                }

                lastAnswer = $"HTTP {(int)response.StatusCode}: {body}";
            }
            catch (Exception error) when (error is HttpRequestException or TaskCanceledException)
            {
                lastAnswer = error.Message;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException(
            $"{Name} did not report Healthy at {health} within {startTimeout.TotalSeconds:0} s (last answer: {lastAnswer}). Its output:\n{Output}");
    }

    private bool ListensOnBothPorts(int outputBefore)
    {
        var sinceStart = Output[outputBefore..];
        return sinceStart.Contains($"Now listening on: {HttpAddress.ToString().TrimEnd('/')}", StringComparison.Ordinal)
            && sinceStart.Contains($"Now listening on: {GrpcAddress.ToString().TrimEnd('/')}", StringComparison.Ordinal);
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (outputLock)
        {
            output.AppendLine(line);
        }

        try
        {
            log?.Invoke($"[{Name}] {line}");
        }
        catch (InvalidOperationException)
        {
            // xunit's output helper refuses lines once its test has finished; the line is still in Output.
        }
    }
}

/// <summary>The service could not bind a port that was free when it was chosen.</summary>
internal sealed class PortTakenException(string message) : Exception(message);
