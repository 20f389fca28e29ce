using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Grpc.Net.Client;
using Mlops.Ingestion.V1;

namespace Mlops.Ingestion.Tests;

/// <summary>
/// The built ingestion service (Services/Ingestion/bin/&lt;Config&gt;/net10.0/Mlops.Ingestion.dll) running as a
/// subprocess on free loopback ports with a data root of its own, ready once /health answers.
/// </summary>
public class IngestionServiceProcess : IAsyncLifetime
{
    public const long UploadLimitBytes = 2 << 20;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);

    private readonly StringBuilder output = new();
    private Process? process;

    public string DataRoot { get; } = Directory.CreateTempSubdirectory("mlops-ingestion-").FullName;

    /// <summary>A folder inside the import roots where tests write data to import.</summary>
    public string ImportFolder => Path.Combine(DataRoot, "imports");

    public string BlobFolder => Path.Combine(DataRoot, "ingestion", "blobs");

    public GrpcChannel Channel { get; private set; } = null!;

    public IngestionService.IngestionServiceClient Client => new(Channel);

    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    protected virtual IReadOnlyDictionary<string, string> ExtraEnvironment => new Dictionary<string, string>();

    public virtual async Task InitializeAsync()
    {
        Directory.CreateDirectory(ImportFolder);
        var (httpPort, grpcPort) = (FreePort(), FreePort());
        var start = new ProcessStartInfo("dotnet", [ServiceAssembly()])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = DataRoot,
        };
        start.Environment["Kestrel__Endpoints__http__Url"] = $"http://127.0.0.1:{httpPort}";
        start.Environment["Kestrel__Endpoints__grpc__Url"] = $"http://127.0.0.1:{grpcPort}";
        // Plain-text HTTP/2 cannot be negotiated, so each endpoint speaks one protocol.
        start.Environment["Kestrel__Endpoints__http__Protocols"] = "Http1";
        start.Environment["Kestrel__Endpoints__grpc__Protocols"] = "Http2";
        start.Environment["DataRoot"] = DataRoot;
        start.Environment["Ingestion__ImportRoots__0"] = ImportFolder;
        start.Environment["Ingestion__ImportRoots__1"] = TestData.SampleFolder;
        start.Environment["Ingestion__ImportRoots__2"] = "/usr/share/datasets";
        start.Environment["Ingestion__MaxUploadBytes"] = UploadLimitBytes.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["Grpc__MaxMessageBytes"] = (32 << 20).ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment.Remove("ConnectionStrings__cache");
        start.Environment.Remove("OTEL_EXPORTER_OTLP_ENDPOINT");
        foreach (var (key, value) in ExtraEnvironment)
        {
            start.Environment[key] = value;
        }

        process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        await WaitForHealthAsync(httpPort);
        Channel = GrpcChannel.ForAddress($"http://127.0.0.1:{grpcPort}", new GrpcChannelOptions { MaxReceiveMessageSize = 64 << 20 });
    }

    public virtual async Task DisposeAsync()
    {
        Channel?.Dispose();
        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process?.Dispose();
        Directory.Delete(DataRoot, recursive: true);
    }

    /// <summary>Every stored blob (temporary files excluded).</summary>
    public IReadOnlySet<string> Blobs() =>
        Directory.Exists(BlobFolder)
            ? Directory.EnumerateFiles(BlobFolder, "*", SearchOption.AllDirectories)
                .Where(path => Path.GetFileName(Path.GetDirectoryName(path)) != "tmp")
                .ToHashSet()
            : new HashSet<string>();

    private async Task WaitForHealthAsync(int httpPort)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartTimeout)
        {
            if (process!.HasExited)
            {
                throw new InvalidOperationException($"The ingestion service exited with {process.ExitCode}:\n{Output}");
            }

            try
            {
                var response = await http.GetAsync($"http://127.0.0.1:{httpPort}/health");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"The ingestion service was not healthy within {StartTimeout}:\n{Output}");
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string ServiceAssembly()
    {
        // The tests run from tests/Ingestion.Tests/bin/<Config>/net10.0/; the service is built in the same configuration.
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = testOutput.Parent!.Name;
        var path = Path.Combine(TestData.RepositoryRoot, "Services", "Ingestion", "bin", configuration, testOutput.Name, "Mlops.Ingestion.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"Build the ingestion service first: {path} is missing.");
    }
}

/// <summary>One service process shared by the tests of the "ingestion service" collection.</summary>
[CollectionDefinition(Name)]
public sealed class IngestionServiceCollection : ICollectionFixture<IngestionServiceProcess>
{
    public const string Name = "ingestion service";
}
