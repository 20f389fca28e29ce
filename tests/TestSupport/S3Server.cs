using System.Diagnostics;
using System.Globalization;

namespace Mlops.TestSupport;

/// <summary>
/// A real S3-compatible server (the npm package s3rver, run by Debian's node) on a free loopback port, keeping its
/// objects in <see cref="Directory"/>. The package is installed from tests/TestSupport/s3rver/package-lock.json
/// (<c>npm ci</c>) the first time a test needs it. s3rver accepts the access key and secret <see cref="AccessKey"/> /
/// <see cref="SecretKey"/> and checks request signatures.
/// </summary>
/// <example>
/// <code>
/// await using var s3 = await S3Server.StartAsync();
/// settings["Storage__Blobs__Kind"] = "s3";
/// settings["Storage__Blobs__S3__ServiceUrl"] = s3.ServiceUrl; // plus Bucket, AccessKey, SecretKey
/// </code>
/// </example>
public sealed class S3Server : IAsyncDisposable
{
    /// <summary>The key pair s3rver's built-in account accepts.</summary>
    public const string AccessKey = "S3RVER";

    /// <inheritdoc cref="AccessKey"/>
    public const string SecretKey = "S3RVER";

    /// <summary>The bucket every server is started with.</summary>
    public const string Bucket = "mlops-test";

    private const string Node = "/usr/bin/node";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);
    private static readonly SemaphoreSlim InstallLock = new(1, 1);
    private const int PortAttempts = 5;

    private readonly bool ownsDirectory;
    private Process? process;

    private S3Server(Process process, int port, string directory, bool ownsDirectory)
    {
        this.process = process;
        this.ownsDirectory = ownsDirectory;
        Port = port;
        Directory = directory;
    }

    /// <summary>Whether node is installed (s3rver itself is installed on demand).</summary>
    public static bool IsAvailable => File.Exists(Node);

    /// <summary>The loopback port the server listens on.</summary>
    public int Port { get; }

    /// <summary>Where the server keeps the buckets and objects.</summary>
    public string Directory { get; }

    /// <summary>http://127.0.0.1:port, as Storage:Blobs:S3:ServiceUrl takes it.</summary>
    public string ServiceUrl => $"http://127.0.0.1:{Port}";

    /// <summary>Whether the server process is still running.</summary>
    public bool IsRunning => process is { HasExited: false };

    /// <summary>
    /// Starts a server on a free port with bucket <see cref="Bucket"/> and waits until it answers. Given
    /// <paramref name="directory"/> (e.g. a stopped server's), it serves the objects already there, and leaves the folder on dispose.
    /// </summary>
    public static async Task<S3Server> StartAsync(string? directory = null)
    {
        var script = await InstalledScriptAsync();
        var ownsDirectory = directory is null;
        directory ??= System.IO.Directory.CreateTempSubdirectory("s3rver-").FullName;
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort.Next();
            var process = Launch(script, directory, port);
            if (await AnswersAsync(process, port))
            {
                return new S3Server(process, port, directory, ownsDirectory);
            }

            process.Dispose();
            if (attempt == PortAttempts)
            {
                throw new InvalidOperationException($"s3rver exited before it listened, on {attempt} free ports in a row; the last was {port}.");
            }
        }
    }

    /// <summary>Kills the server (as a crash would) and waits for it to exit; its directory stays until dispose.</summary>
    public Task StopAsync() => ProcessTermination.KillAsync(Interlocked.Exchange(ref process, null), entireProcessTree: true);

    /// <summary>Kills the server and deletes its directory unless the caller gave it.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        if (ownsDirectory)
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }

    private static async Task<string> InstalledScriptAsync()
    {
        var folder = Path.Combine(RepositoryLayout.Root, "tests", "TestSupport", "s3rver");
        var script = Path.Combine(folder, "node_modules", "s3rver", "bin", "s3rver.js");
        await InstallLock.WaitAsync();
        try
        {
            if (!File.Exists(script))
            {
                // Another test process may be installing too: npm ci into the same folder is then repeated, not interleaved.
                await using var fileLock = await LockAsync(Path.Combine(folder, ".install.lock"));
                if (!File.Exists(script))
                {
                    await NpmCiAsync(folder);
                }
            }
        }
        finally
        {
            InstallLock.Release();
        }

        return script;
    }

    private static async Task<FileStream> LockAsync(string path)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
            }
            catch (IOException) when (waited.Elapsed < TimeSpan.FromMinutes(5))
            {
                await Task.Delay(500);
            }
        }
    }

    private static async Task NpmCiAsync(string folder)
    {
        using var npm = Process.Start(new ProcessStartInfo("npm")
        {
            ArgumentList = { "ci", "--no-audit", "--no-fund" },
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("npm did not start (apt-get install npm).");
        var output = npm.StandardOutput.ReadToEndAsync();
        var errors = npm.StandardError.ReadToEndAsync();
        await npm.WaitForExitAsync();
        if (npm.ExitCode != 0)
        {
            throw new InvalidOperationException($"npm ci in {folder} failed ({npm.ExitCode}): {await output}{await errors}");
        }
    }

    private static Process Launch(string script, string directory, int port)
    {
        var process = Process.Start(new ProcessStartInfo(Node)
        {
            ArgumentList =
            {
                script, "--directory", directory, "--address", "127.0.0.1", "--port", port.ToString(CultureInfo.InvariantCulture),
                "--silent", "--configure-bucket", Bucket,
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException($"{Node} did not start.");
        // Drained so that a full pipe never blocks the server.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>True once the bucket answers a listing; false if the server exited first (its port was taken).</summary>
    private static async Task<bool> AnswersAsync(Process process, int port)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var waited = Stopwatch.StartNew();
        while (!process.HasExited)
        {
            try
            {
                using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{port}/{Bucket}"));
                if (response.IsSuccessStatusCode)
                {
                    return !process.HasExited;
                }
            }
            catch (Exception error) when (error is HttpRequestException or TaskCanceledException)
            {
            }

            if (waited.Elapsed > StartTimeout)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
                process.Dispose();
                throw new TimeoutException($"s3rver did not answer on port {port} within {StartTimeout.TotalSeconds:0} s.");
            }

            await Task.Delay(100);
        }

        return false;
    }
}
