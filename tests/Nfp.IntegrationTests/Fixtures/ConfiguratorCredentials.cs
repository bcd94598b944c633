using System.Security.Cryptography.X509Certificates;
using Nfp.Hosting;

namespace Nfp.IntegrationTests.Fixtures;

/// <summary>
/// The run's mutual-TLS pair of the configurator and its proxy (Configurator/…/Auth/ProxyAuthentication.cs),
/// made once, as deploy/up.sh makes its own with openssl: the configurator's certificate and key, the
/// proxy's, and each one's pin.
/// </summary>
public static class ConfiguratorCredentials
{
    public static string ConfiguratorPem { get; } = PinnedCertificates.CreateSelfSignedPem("nfp-configurator");

    public static string ProxyPem { get; } = PinnedCertificates.CreateSelfSignedPem("nfp-configurator-proxy");

    public static string ConfiguratorPin { get; } = Pin(ConfiguratorPem);

    public static string ProxyPin { get; } = Pin(ProxyPem);

    /// <summary>The proxy's certificate and key, as its PEM file (Proxy:Tls:Certificate) is.</summary>
    public static X509Certificate2 ProxyCertificate() => PinnedCertificates.FromPem(ProxyPem);

    /// <summary>The proxy's PEM file, written once (mode 0600) in the temp folder.</summary>
    public static string ProxyPemFile { get; } = WriteProxyPem();

    /// <summary>The configurator's settings for its side: its certificate and the proxy's pin.</summary>
    public static Dictionary<string, string> ConfiguratorSettings() => new()
    {
        ["ConfiguratorTls:Certificate"] = ConfiguratorPem,
        ["ConfiguratorTls:ClientCertificateSha256"] = ProxyPin,
    };

    /// <summary>The proxy's settings for its side: its PEM file and the configurator's pin.</summary>
    public static Dictionary<string, string?> ProxySettings() => new()
    {
        ["Proxy:Tls:Certificate"] = ProxyPemFile,
        ["Proxy:Tls:ConfiguratorCertificateSha256"] = ConfiguratorPin,
    };

    /// <summary>
    /// The nfp/configurator image's secrets, as files of /run/secrets (or Pop secret metadata): the device
    /// agents' secret for each vendor, its certificate, the proxy's pin.
    /// </summary>
    public static Dictionary<string, string> ContainerSecrets()
    {
        var secrets = DeviceAgent.Vendors.ToDictionary(vendor => $"VendorDrivers__{vendor}__Settings__AgentSecret", _ => DeviceAgent.Secret);
        secrets["ConfiguratorTls__Certificate"] = ConfiguratorPem;
        secrets["ConfiguratorTls__ClientCertificateSha256"] = ProxyPin;
        return secrets;
    }

    /// <summary>
    /// <see cref="ContainerSecrets"/> as a folder of files (mode 0700), one per key, written once: what deploy/up.sh
    /// keeps in /etc/nfp/configurator for <c>nfp pop spawn --secrets</c> and the supervising proxy.
    /// </summary>
    public static string ContainerSecretsFolder { get; } = WriteContainerSecrets();

    /// <summary>An HTTP handler that presents <paramref name="certificate"/> (or none) and trusts only the configurator's pin.</summary>
    public static SocketsHttpHandler Handler(X509Certificate2? certificate) => new()
    {
        SslOptions = new System.Net.Security.SslClientAuthenticationOptions
        {
            ClientCertificates = certificate is null ? null : [certificate],
            RemoteCertificateValidationCallback = (_, presented, _, _) => PinnedCertificates.Matches(presented, ConfiguratorPin),
        },
    };

    private static string Pin(string pem)
    {
        using var certificate = PinnedCertificates.FromPem(pem);
        return PinnedCertificates.Sha256(certificate);
    }

    private static string WriteContainerSecrets()
    {
        var folder = Directory.CreateTempSubdirectory("nfp-configurator-secrets-");
        foreach (var (key, value) in ContainerSecrets())
        {
            File.WriteAllText(Path.Combine(folder.FullName, key), value);
        }
        return folder.FullName;
    }

    private static string WriteProxyPem()
    {
        var path = Path.Combine(Path.GetTempPath(), $"nfp-proxy-{Guid.NewGuid():N}.pem");
        File.WriteAllText(path, ProxyPem);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return path;
    }
}
