namespace Nfp.ConfiguratorProxy.Proxy;

/// <summary>The proxy's configuration (section <c>Proxy</c>).</summary>
public sealed class ProxyOptions
{
    public const string Section = "Proxy";

    /// <summary>The Unix socket the agent connects to; a stale socket file is replaced at start.</summary>
    public string SocketPath { get; set; } = "/run/nfp/configurator.sock";

    /// <summary>The configurator on the service management network, <c>host:port</c>; unused when <see cref="Supervise"/> names a Pop.</summary>
    public string Configurator { get; set; } = "";

    /// <summary>How the proxy and the configurator know each other (mutual TLS, each pinning the other's certificate).</summary>
    public ProxyTlsOptions Tls { get; set; } = new();

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

    /// <summary>
    /// A folder of the container's secret metadata, one file per key (as popd writes them into the container's
    /// /run/secrets): given again to the container made again, since popd never answers a secret's value.
    /// Empty: none.
    /// </summary>
    public string Secrets { get; set; } = "";

    public int Port { get; set; } = 8070;
}

/// <summary>
/// The proxy's side of the mutual TLS with the configurator (section <c>Proxy:Tls</c>; see
/// Configurator/…/Auth/ProxyAuthentication.cs): its own client certificate, the only one the configurator
/// answers, and the pin of the configurator's, the only server it talks to.
/// </summary>
public sealed class ProxyTlsOptions
{
    /// <summary>A PEM file with the proxy's certificate and private key (mode 0600; the path, not the key, is configuration).</summary>
    public string Certificate { get; set; } = "";

    /// <summary>The configurator certificate's SHA-256 (<see cref="Nfp.Hosting.PinnedCertificates"/>).</summary>
    public string ConfiguratorCertificateSha256 { get; set; } = "";
}
