using System.ComponentModel.DataAnnotations;

namespace Nfp.Configurator.Auth;

/// <summary>
/// The configurator's TLS identity and who may call it (section <c>ConfiguratorTls</c>): both required,
/// so that no configurator answers an unauthenticated caller. In its container both come from files in
/// /run/secrets (<c>ConfiguratorTls__Certificate</c>, <c>ConfiguratorTls__ClientCertificateSha256</c>),
/// which popd writes there from the proxy's secret metadata.
/// </summary>
public sealed class ProxyAuthenticationOptions
{
    public const string Section = "ConfiguratorTls";

    /// <summary>The configurator's certificate and private key, one PEM text.</summary>
    [Required]
    public string Certificate { get; set; } = "";

    /// <summary>The pin of the proxy's client certificate (<see cref="Nfp.Hosting.PinnedCertificates"/>): the one caller it answers.</summary>
    [Required, RegularExpression("^[0-9a-fA-F]{64}$")]
    public string ClientCertificateSha256 { get; set; } = "";
}
