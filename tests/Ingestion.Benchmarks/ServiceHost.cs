using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Grpc.Net.Client;

namespace Mlops.Ingestion.Benchmarks;

/// <summary>The built ingestion service as a subprocess on free loopback ports, with its own data root.</summary>
internal sealed class ServiceHost : IAsyncDisposable
{
    private ServiceHost(Process process, GrpcChannel channel)
    {
        Process = process;
        Channel = channel;
    }

    public Process Process { get; }

    public GrpcChannel Channel { get; }

    public static async Task<ServiceHost> StartAsync(string serviceDll, string dataRoot, string importRoot)
    {
        var (http, grpc) = (FreePort(), FreePort());
        var start = new ProcessStartInfo("dotnet", [serviceDll]) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = dataRoot };
        start.Environment["Kestrel__Endpoints__http__Url"] = $"http://127.0.0.1:{http}";
        start.Environment["Kestrel__Endpoints__http__Protocols"] = "Http1";
        start.Environment["Kestrel__Endpoints__grpc__Url"] = $"http://127.0.0.1:{grpc}";
        start.Environment["Kestrel__Endpoints__grpc__Protocols"] = "Http2";
        start.Environment["DataRoot"] = dataRoot;
        start.Environment["Ingestion__ImportRoots__0"] = importRoot;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { Console.Error.WriteLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var client = new HttpClient();
        for (var waited = Stopwatch.StartNew(); waited.Elapsed < TimeSpan.FromSeconds(120); await Task.Delay(200))
        {
            try
            {
                if ((await client.GetAsync($"http://127.0.0.1:{http}/health")).StatusCode == HttpStatusCode.OK)
                {
                    return new ServiceHost(process, GrpcChannel.ForAddress($"http://127.0.0.1:{grpc}", new GrpcChannelOptions { MaxReceiveMessageSize = 64 << 20 }));
                }
            }
            catch (HttpRequestException)
            {
            }
        }

        process.Kill();
        throw new TimeoutException("The ingestion service did not become healthy.");
    }

    /// <summary>The most resident memory the process has had (VmHWM), in bytes.</summary>
    public long PeakResidentBytes()
    {
        var line = File.ReadLines($"/proc/{Process.Id}/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        Process.Kill(entireProcessTree: true);
        await Process.WaitForExitAsync();
        Process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
