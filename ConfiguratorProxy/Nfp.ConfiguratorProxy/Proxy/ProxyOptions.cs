namespace Nfp.ConfiguratorProxy.Proxy;

/// <summary>The proxy's configuration (section <c>Proxy</c>).</summary>
public sealed class ProxyOptions
{
    public const string Section = "Proxy";

    /// <summary>The Unix socket the agent connects to; a stale socket file is replaced at start.</summary>
    public string SocketPath { get; set; } = "/run/nfp/configurator.sock";

    /// <summary>The configurator on the service management network, <c>host:port</c>.</summary>
    public string Configurator { get; set; } = "";

    /// <summary>How long connecting to the configurator may take before the agent's connection is closed.</summary>
    public int ConnectTimeoutMilliseconds { get; set; } = 3000;

    /// <summary>A connection on which nothing moved for this long, either way, is closed.</summary>
    public int IdleTimeoutSeconds { get; set; } = 60;

    /// <summary>Connections forwarded at once; further ones wait in the socket's backlog.</summary>
    public int MaxConnections { get; set; } = 64;
}
