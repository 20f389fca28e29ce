using System.Threading.Channels;

namespace Mlops.Automation.Events;

/// <summary>Events waiting to be handled, from every source, handled one at a time in arrival order.</summary>
public sealed class EventQueue
{
    private readonly Channel<PlatformEvent> channel = Channel.CreateUnbounded<PlatformEvent>(new UnboundedChannelOptions { SingleReader = true });

    public void Enqueue(PlatformEvent platformEvent) => channel.Writer.TryWrite(platformEvent);

    public ChannelReader<PlatformEvent> Reader => channel.Reader;
}
