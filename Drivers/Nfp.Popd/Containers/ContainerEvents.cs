using System.Collections.Concurrent;
using System.Threading.Channels;
using Nfp.Pop.Protocol;

namespace Nfp.Popd.Containers;

/// <summary>
/// Tells Watch streams about container state changes. Each subscriber has its own unbounded queue, so a
/// slow watcher delays nobody; it stops receiving when its call ends.
/// </summary>
internal sealed class ContainerEvents
{
    private readonly ConcurrentDictionary<Channel<Container>, byte> _subscribers = new();

    public ChannelReader<Container> Subscribe(CancellationToken until)
    {
        var channel = Channel.CreateUnbounded<Container>(new UnboundedChannelOptions { SingleReader = true });
        _subscribers[channel] = 0;
        until.Register(() =>
        {
            _subscribers.TryRemove(channel, out _);
            channel.Writer.TryComplete();
        });
        return channel.Reader;
    }

    public void Publish(Container container)
    {
        foreach (var subscriber in _subscribers.Keys)
        {
            subscriber.Writer.TryWrite(container);
        }
    }
}
