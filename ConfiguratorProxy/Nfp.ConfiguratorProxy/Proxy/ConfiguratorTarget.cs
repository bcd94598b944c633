namespace Nfp.ConfiguratorProxy.Proxy;

/// <summary>
/// Where the proxy forwards to now: the configured address, or — when the configurator is supervised —
/// the address of its container while it runs, and nowhere while it is dead or being made again, so that
/// no call is ever sent to an address that no longer belongs to the configurator.
/// </summary>
internal sealed class ConfiguratorTarget
{
    private volatile Tuple<string, int>? _target;

    public (string Host, int Port)? Current => _target is { } target ? (target.Item1, target.Item2) : null;

    public void Set(string host, int port) => _target = Tuple.Create(host, port);

    public void Clear() => _target = null;
}
