using System.Net;
using System.Net.Sockets;

namespace Mlops.Containers.Tests;

/// <summary>
/// Ports for containers on the host network. Below the kernel's ephemeral range (32768-60999): a port the system hands
/// out (FreePort) can be taken by any outgoing connection, such as the first containers' calls, before the last one binds.
/// </summary>
internal static class HostPorts
{
    private const int First = 20000;
    private const int Last = 32000;

    public static Dictionary<string, int> Pick(IEnumerable<string> names)
    {
        var picked = new Dictionary<string, int>();
        foreach (var name in names)
        {
            int port;
            do
            {
                port = Random.Shared.Next(First, Last);
            }
            while (picked.ContainsValue(port) || !IsFree(port));

            picked[name] = port;
        }

        return picked;
    }

    private static bool IsFree(int port)
    {
        try
        {
            // Any address: the services listen on every interface at PORT.
            using var listener = new TcpListener(IPAddress.Any, port);
            listener.Start();
            listener.Stop();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
