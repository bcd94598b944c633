using System.ComponentModel.DataAnnotations;

namespace Nfp.Popd.Configuration;

/// <summary>popd's settings (configuration section <c>Popd</c>).</summary>
public sealed class PopdOptions
{
    public const string Section = "Popd";

    /// <summary>The name Info reports, and the label that marks this popd's Docker containers.</summary>
    [Required, RegularExpression("^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,62}$")]
    public string PopName { get; set; } = "docker-popd";

    /// <summary><c>HOST:PORT</c> or <c>unix:PATH</c>.</summary>
    [Required]
    public string Listen { get; set; } = "127.0.0.1:60000";

    /// <summary>The Docker engine's socket.</summary>
    [Required]
    public string DockerHost { get; set; } = "unix:///var/run/docker.sock";

    /// <summary>The network a container without endpoints goes on; found or created at start.</summary>
    [Required, RegularExpression("^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,62}$")]
    public string DefaultNetwork { get; set; } = "private";

    /// <summary>
    /// The IPv4 subnet the default network is made on when popd has to make it (TOML
    /// <c>default_network_subnet</c>); empty: the first /16 of 172.16.0.0/12 no Docker network uses. There
    /// are only sixteen of those, so hosts running many popds (a test run) give each a subnet of its own.
    /// </summary>
    public string DefaultNetworkSubnet { get; set; } = "";

    /// <summary>How long a login token is valid.</summary>
    [Range(1, 7 * 24 * 3600)]
    public int TokenTtlSeconds { get; set; } = 3600;

    /// <summary>How long Stop waits for a container to exit when the request sets no deadline.</summary>
    [Range(0, 300)]
    public int StopTimeoutSeconds { get; set; } = 5;

    /// <summary>How often RUNNING containers are checked against Docker, for a death no event reported.</summary>
    [Range(1, 3600)]
    public int SweepSeconds { get; set; } = 30;

    /// <summary>Whether Docker containers with this popd's label that it does not know are removed at start.</summary>
    public bool RemoveUnknownContainers { get; set; }

    /// <summary>How many PostgreSQL connections popd opens at most.</summary>
    [Range(2, 200)]
    public int MaxDatabaseConnections { get; set; } = 16;

    /// <summary>
    /// The file of the key secret metadata is encrypted under (TOML <c>secret_key_file</c>; made when missing,
    /// mode 0600); empty: a key made at start and kept in memory only (<see cref="Secrets.SecretMetadata"/>).
    /// </summary>
    public string SecretKeyFile { get; set; } = "";

    /// <summary>TLS for the listener; none by default.</summary>
    public PopdTls Tls { get; set; } = new();

    /// <summary>Who may log in: names with bcrypt password hashes (never passwords).</summary>
    public List<PopUser> Users { get; set; } = [];
}
