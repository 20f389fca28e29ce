using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Mlops.TestSupport;

/// <summary>
/// A real Prometheus (Debian's <see cref="Executable"/>) on a free loopback port, with the configuration a test gives and
/// its storage in a temporary folder. <see cref="StartAsync"/> returns once GET /-/ready answers; dispose kills it and
/// deletes the folder.
/// </summary>
/// <example>
/// <code>
/// await using var prometheus = await PrometheusServer.StartAsync(configYaml, ("rules.yml", rulesYaml));
/// var alerts = await prometheus.GetAsync("/api/v1/alerts");
/// </code>
/// </example>
public sealed class PrometheusServer : IAsyncDisposable
{
    /// <summary>Where Debian's prometheus package installs the server.</summary>
    public const string Executable = "/usr/bin/prometheus";

    // Generous for a loaded machine; the wait ends as soon as the server is ready.
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private const int PortAttempts = 5;

    private readonly StringBuilder output = new();
    private readonly Lock outputLock = new();
    private readonly HttpClient http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private Process? process;

    private PrometheusServer(string folder, int port)
    {
        Folder = folder;
        Address = new Uri($"http://127.0.0.1:{port}");
    }

    /// <summary>Whether <see cref="Executable"/> exists (apt-get install prometheus; CI installs it).</summary>
    public static bool IsInstalled => File.Exists(Executable);

    /// <summary>The folder holding prometheus.yml, the extra files and the storage.</summary>
    public string Folder { get; }

    /// <summary>The server's HTTP address (UI, API, /-/ready).</summary>
    public Uri Address { get; }

    /// <summary>Everything the server logged so far (for failure messages).</summary>
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
    /// Writes <paramref name="configYaml"/> as prometheus.yml and each of <paramref name="files"/> beside it (relative paths in
    /// the config, such as rule_files entries, resolve there), starts the server and waits until it is ready.
    /// </summary>
    public static async Task<PrometheusServer> StartAsync(string configYaml, params (string Name, string Content)[] files)
    {
        if (!IsInstalled)
        {
            throw new FileNotFoundException($"{Executable} is not installed (apt-get install prometheus).", Executable);
        }

        var folder = Directory.CreateTempSubdirectory("mlops-prometheus-").FullName;
        File.WriteAllText(Path.Combine(folder, "prometheus.yml"), configYaml);
        foreach (var (name, content) in files)
        {
            File.WriteAllText(Path.Combine(folder, name), content);
        }

        for (var attempt = 1; ; attempt++)
        {
            var server = new PrometheusServer(folder, FreePort.Next());
            if (await server.LaunchAsync())
            {
                return server;
            }

            var log = server.Output;
            await server.StopAsync();
            if (attempt == PortAttempts || !log.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                Directory.Delete(folder, recursive: true);
                throw new InvalidOperationException($"Prometheus exited before it was ready (attempt {attempt}). Its output:\n{log}");
            }
        }
    }

    /// <summary>GET of a path of Prometheus' HTTP API, e.g. "/api/v1/targets"; the body as text.</summary>
    public async Task<string> GetAsync(string pathAndQuery) => await http.GetStringAsync(new Uri(Address, pathAndQuery));

    /// <summary>Kills the server and deletes its folder.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        http.Dispose();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    private Task StopAsync() => ProcessTermination.KillAsync(Interlocked.Exchange(ref process, null));

    private async Task<bool> LaunchAsync()
    {
        var start = new ProcessStartInfo(Executable)
        {
            WorkingDirectory = Folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add($"--config.file={Path.Combine(Folder, "prometheus.yml")}");
        start.ArgumentList.Add($"--storage.tsdb.path={Path.Combine(Folder, "data")}");
        start.ArgumentList.Add(string.Create(CultureInfo.InvariantCulture, $"--web.listen-address=127.0.0.1:{Address.Port}"));
        var started = Process.Start(start) ?? throw new InvalidOperationException($"{Executable} did not start.");
        started.OutputDataReceived += (_, line) => Append(line.Data);
        started.ErrorDataReceived += (_, line) => Append(line.Data);
        started.BeginOutputReadLine();
        started.BeginErrorReadLine();
        process = started;

        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < StartTimeout)
        {
            if (started.HasExited)
            {
                return false;
            }

            try
            {
                using var response = await http.GetAsync(new Uri(Address, "/-/ready"));
                // Another process on the port would answer too; then this one has exited by now.
                if (response.IsSuccessStatusCode && !started.HasExited)
                {
                    return true;
                }
            }
            catch (Exception error) when (error is HttpRequestException or TaskCanceledException)
            {
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"Prometheus was not ready at {Address} within {StartTimeout.TotalSeconds:0} s. Its output:\n{Output}");
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
    }
}
