using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace Mlops.TestSupport;

/// <summary>
/// A real PostgreSQL (Debian's postgresql 15) in a temporary folder on a free loopback port, without fsync.
/// Tests run as root and PostgreSQL refuses to, so the server runs as the package's postgres user there.
/// <see cref="CreateDatabaseAsync"/> gives each test a database of its own.
/// </summary>
/// <example>
/// <code>
/// await using var postgres = await PostgresServer.StartAsync();
/// settings["ConnectionStrings__metadata"] = await postgres.CreateDatabaseAsync();
/// </code>
/// </example>
public sealed class PostgresServer : IAsyncDisposable
{
    /// <summary>Where Debian's postgresql package installs initdb, pg_ctl and postgres.</summary>
    public const string BinFolder = "/usr/lib/postgresql/15/bin";

    private const string User = "mlops";
    private const int PortAttempts = 5;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private int databases;
    private string? folder;

    private PostgresServer(string folder, int port)
    {
        this.folder = folder;
        Port = port;
    }

    /// <summary>Whether the binaries exist (apt-get install postgresql; CI installs it).</summary>
    public static bool IsInstalled => File.Exists(Path.Combine(BinFolder, "postgres"));

    /// <summary>The loopback port the server listens on.</summary>
    public int Port { get; }

    /// <summary>A connection string to the server's maintenance database.</summary>
    public string ConnectionString => Connection("postgres");

    /// <summary>Creates a cluster, starts it on a free port and waits until it accepts connections.</summary>
    public static async Task<PostgresServer> StartAsync()
    {
        if (!IsInstalled)
        {
            throw new FileNotFoundException($"{BinFolder}/postgres is not installed (apt-get install postgresql).");
        }

        var folder = Directory.CreateTempSubdirectory("postgres-").FullName;
        var data = Path.Combine(folder, "data");
        await HandToServerUserAsync(folder);
        await RunAsync("initdb", "-D", data, "-U", User, "--auth=trust", "-E", "UTF8", "--no-sync", "--no-instructions");
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort.Next();
            var options = $"-p {port.ToString(CultureInfo.InvariantCulture)} -k {folder} -c listen_addresses=127.0.0.1 "
                + "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200";
            try
            {
                await RunAsync("pg_ctl", "-D", data, "-o", options, "-l", Path.Combine(folder, "server.log"), "-w",
                    "-t", ((int)StartTimeout.TotalSeconds).ToString(CultureInfo.InvariantCulture), "start");
                return new PostgresServer(folder, port);
            }
            catch (InvalidOperationException) when (attempt < PortAttempts)
            {
                // Another process took the port between FreePort and the server's bind.
            }
        }
    }

    /// <summary>Creates an empty database and returns a connection string to it.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = NewDatabaseName();
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await command.ExecuteNonQueryAsync();
        return Connection(name);
    }

    /// <summary>Creates an empty database and returns a connection string to it (for test class constructors).</summary>
    public string CreateDatabase()
    {
        var name = NewDatabaseName();
        using var connection = new NpgsqlConnection(ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        command.ExecuteNonQuery();
        return Connection(name);
    }

    /// <summary>Stops the server (immediately: nothing it holds is kept) and deletes its folder.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref folder, null) is not { } stopped)
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        try
        {
            await RunAsync("pg_ctl", "-D", Path.Combine(stopped, "data"), "-m", "immediate", "-w", "stop");
        }
        finally
        {
            Directory.Delete(stopped, recursive: true);
        }
    }

    private string NewDatabaseName() => $"test_{Interlocked.Increment(ref databases)}_{Guid.NewGuid():N}"[..24];

    private string Connection(string database) =>
        $"Host=127.0.0.1;Port={Port};Username={User};Database={database};Pooling=true;Maximum Pool Size=20";

    private static async Task HandToServerUserAsync(string folder)
    {
        if (Environment.UserName == "root")
        {
            await RunProcessAsync("chown", ["postgres:postgres", folder]);
        }
    }

    private static Task RunAsync(string tool, params string[] arguments)
    {
        var path = Path.Combine(BinFolder, tool);
        return Environment.UserName == "root"
            ? RunProcessAsync("runuser", ["-u", "postgres", "--", path, .. arguments])
            : RunProcessAsync(path, arguments);
    }

    private static async Task RunProcessAsync(string file, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', start.ArgumentList)} exited with {process.ExitCode}: {await error}{await output}");
        }
    }
}
