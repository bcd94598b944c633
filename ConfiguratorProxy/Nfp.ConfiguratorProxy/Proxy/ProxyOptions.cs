namespace Nfp.ConfiguratorProxy.Proxy;

/// <summary>The proxy's configuration (section <c>Proxy</c>).</summary>
public sealed class ProxyOptions
{
    public const string Section = "Proxy";

    /// <summary>The Unix socket the agent connects to; a stale socket file is replaced at start.</summary>
    public string SocketPath { get; set; } = "/run/nfp/configurator.sock";

    /// <summary>The configurator on the service management network, <c>host:port</c>; unused when <see cref="Supervise"/> names a Pop.</summary>
    public string Configurator { get; set; } = "";

    /// <summary>The configurator's container in a Pop, which the proxy watches and makes again when it dies (<see cref="ConfiguratorSupervisor"/>).</summary>
    public SuperviseOptions Supervise { get; set; } = new();

    /// <summary>How long connecting to the configurator may take before the agent's connection is closed.</summary>
    public int ConnectTimeoutMilliseconds { get; set; } = 3000;

    /// <summary>A connection on which nothing moved for this long, either way, is closed.</summary>
    public int IdleTimeoutSeconds { get; set; } = 60;

    /// <summary>Connections forwarded at once; further ones wait in the socket's backlog.</summary>
    public int MaxConnections { get; set; } = 64;
}

/// <summary>
/// Where the configurator's container is (section <c>Proxy:Supervise</c>): popd's address and user, the
/// container's name, and the configurator's port on it. Without <see cref="Pop"/> the proxy forwards to
/// <see cref="ProxyOptions.Configurator"/> and supervises nothing.
/// </summary>
public sealed class SuperviseOptions
{
    public string Pop { get; set; } = "";

    public string Username { get; set; } = "";

    /// <summary>Never logged; set it from the environment (<c>Proxy__Supervise__Password</c>).</summary>
    public string Password { get; set; } = "";

    public string Container { get; set; } = "nfp-configurator";

    public int Port { get; set; } = 8070;
}
