using System.Net;
using System.Net.Sockets;

namespace Mlops.Storage.Tests;

/// <summary>
/// A loopback TCP proxy that forwards to <paramref name="upstreamPort"/> until a client has sent
/// <paramref name="cutAfterBytes"/> bytes, then runs <paramref name="onCut"/> (e.g. kills the server) and drops every connection:
/// a server that goes down in the middle of an upload, at a point that does not depend on timing.
/// </summary>
public sealed class CuttingProxy(int upstreamPort, long cutAfterBytes, Func<Task> onCut) : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stopping = new();
    private long forwarded;
    private int cut;
    private Task? accepting;

    public string Url => $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}";

    public bool HasCut => Volatile.Read(ref cut) == 1;

    public CuttingProxy Start()
    {
        listener.Start();
        accepting = AcceptAsync();
        return this;
    }

    private async Task AcceptAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(stopping.Token);
            }
            catch (Exception error) when (error is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = Task.Run(() => RelayAsync(client));
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        using (client)
        using (var upstream = new TcpClient())
        {
            if (HasCut)
            {
                return;
            }

            try
            {
                await upstream.ConnectAsync(IPAddress.Loopback, upstreamPort, stopping.Token);
                using var connection = CancellationTokenSource.CreateLinkedTokenSource(stopping.Token);
                var up = PumpAsync(client.GetStream(), upstream.GetStream(), countTowardsCut: true, connection.Token);
                var down = PumpAsync(upstream.GetStream(), client.GetStream(), countTowardsCut: false, connection.Token);
                await Task.WhenAny(up, down);
                await connection.CancelAsync();
            }
            catch (Exception error) when (error is IOException or SocketException or OperationCanceledException)
            {
            }
        }
    }

    private async Task PumpAsync(NetworkStream from, NetworkStream to, bool countTowardsCut, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await from.ReadAsync(buffer, cancellationToken)) > 0)
            {
                await to.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                if (countTowardsCut && Interlocked.Add(ref forwarded, read) >= cutAfterBytes && Interlocked.Exchange(ref cut, 1) == 0)
                {
                    await onCut();
                    return;
                }
            }
        }
        catch (Exception error) when (error is IOException or SocketException or OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        listener.Stop();
        if (accepting is not null)
        {
            await accepting;
        }

        stopping.Dispose();
    }
}
