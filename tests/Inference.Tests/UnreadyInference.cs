using System.Diagnostics;
using System.Text;
using Grpc.Net.Client;
using Mlops.TestSupport;

namespace Mlops.Inference.Tests;

/// <summary>
/// The inference service started without waiting for readiness (ServiceProcess waits for "Healthy", which this service
/// reports only once a model is loaded): it is up once /alive answers.
/// </summary>
public sealed class UnreadyInference : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();

    private UnreadyInference(Process process, Uri http, Uri grpc)
    {
        this.process = process;
        HttpAddress = http;
        Channel = GrpcChannel.ForAddress(grpc);
    }

    public Uri HttpAddress { get; }

    public GrpcChannel Channel { get; }

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

    public static async Task<UnreadyInference> StartAsync(IReadOnlyDictionary<string, string?> environment)
    {
        var http = new Uri($"http://127.0.0.1:{FreePort.Next()}");
        var grpc = new Uri($"http://127.0.0.1:{FreePort.Next()}");
        var assembly = RepositoryLayout.ServiceAssembly("Inference");
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { assembly },
            WorkingDirectory = Path.GetDirectoryName(assembly)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        start.Environment["Kestrel__Endpoints__http__Url"] = http.ToString().TrimEnd('/');
        start.Environment["Kestrel__Endpoints__grpc__Url"] = grpc.ToString().TrimEnd('/');
        var service = new UnreadyInference(Process.Start(start)!, http, grpc);
        service.process.OutputDataReceived += (_, line) => service.Append(line.Data);
        service.process.ErrorDataReceived += (_, line) => service.Append(line.Data);
        service.process.BeginOutputReadLine();
        service.process.BeginErrorReadLine();
        using var client = new HttpClient { BaseAddress = http, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(120))
        {
            try
            {
                if ((await client.GetAsync("/alive")).IsSuccessStatusCode)
                {
                    return service;
                }
            }
            catch (Exception error) when (error is HttpRequestException or TaskCanceledException)
            {
            }

            await Task.Delay(200);
        }

        await service.DisposeAsync();
        throw new TimeoutException($"Inference did not come up:\n{service.Output}");
    }

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }
}
