using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Configuration;
using Nfp.Drivers.Vendors.Agent;
using Nfp.Schema.Configurator;

namespace Nfp.Drivers.Vendors.Strongswan;

/// <summary>
/// The strongswan vendor driver (devices of image nfp/strongswan-vpn, a site-to-site IPsec gateway): a
/// <c>vpn</c> resource becomes the device's whole swanctl.conf — a connection and a child SA per site
/// connection that is up, each pre-shared key in the secrets section, and, for connections authenticated by
/// certificates, the certificates and keys as files the agent writes beside it (lines "# nfp-file") — which
/// the device's agent loads into charon, keeping the previous configuration when charon refuses the new one. Removing it leaves no
/// connection. ESP is always UDP-encapsulated: the device does ESP in user space (deploy/images/README.md).
/// Each connection's child SA tells the device's updown script when it comes up or goes down, and the
/// device's health reports the connections that are not up (a probe's <c>degraded</c>). A bi-directional
/// connection is started as it is loaded and also trapped: traffic for it starts it again after it failed
/// (a peer not there yet, a key that did not match).
/// </summary>
public sealed class StrongswanVpnDriver(IConfiguration settings)
    : DeviceAgentDriver<VpnData>(settings, ConfigResourceKind.Vpn, new VpnDataValidator())
{
    protected override string FunctionPart => "vpn";

    /// <summary>swanctl.conf for the connections of <paramref name="vpn"/> that are up.</summary>
    protected override string Render(VpnData vpn)
    {
        var up = vpn.SiteConnections.Where(c => c.AdminStateUp).ToList();
        var conf = new StringBuilder("# Rendered by NFP's strongswan vendor driver; the device agent loads it whole (swanctl --load-all).\n");
        // The connections the device's health check watches (deploy/images/strongswan-vpn/lib/health).
        foreach (var connection in up)
        {
            conf.Append("# nfp-connection ").Append(connection.Name).Append('\n');
        }
        conf.Append("connections {\n");
        foreach (var connection in up)
        {
            var ike = connection.IkePolicy ?? new IkePolicy();
            var ipsec = connection.IpsecPolicy ?? new IpsecPolicy();
            var dpd = connection.Dpd ?? new Dpd();
            conf.Append(CultureInfo.InvariantCulture, $$"""
                    {{connection.Name}} {
                        version = {{(ike.IkeVersion == IkeVersion.V1 ? 1 : 2)}}
                        local_addrs = {{vpn.LocalAddress}}
                        remote_addrs = {{connection.PeerAddress}}
                        encap = yes
                        proposals = {{IkeProposal(ike)}}
                        rekey_time = {{ike.LifetimeSeconds}}s
                        dpd_delay = {{(dpd.Action == DpdAction.Disabled ? 0 : dpd.IntervalSeconds)}}s
                        dpd_timeout = {{dpd.TimeoutSeconds}}s
                        local {
                {{LocalAuth(vpn, connection)}}
                        }
                        remote {
                {{RemoteAuth(connection)}}
                        }
                        children {
                            {{connection.Name}} {
                                local_ts = {{string.Join(',', connection.LocalCidrs)}}
                                remote_ts = {{string.Join(',', connection.PeerCidrs)}}
                                esp_proposals = {{EspProposal(ipsec)}}
                                rekey_time = {{ipsec.LifetimeSeconds}}s
                                dpd_action = {{DpdActionName(dpd.Action)}}
                                start_action = {{(connection.Initiator == Initiator.BiDirectional ? "trap|start" : "none")}}
                                updown = /usr/local/lib/nfp-agent/vpn-updown
                            }
                        }
                    }

                """);
        }
        conf.Append("}\nsecrets {\n");
        foreach (var connection in up)
        {
            if (connection.AuthMode == AuthMode.Psk)
            {
                conf.Append(PskSecret(vpn, connection));
            }
        }
        conf.Append("}\n");
        // The certificates and keys the connections name, as files the agent writes before loading this.
        foreach (var file in up.Where(c => c.AuthMode == AuthMode.Certificate).SelectMany(Files).Distinct())
        {
            conf.Append("# nfp-file ").Append(file.Directory).Append('/').Append(file.Name).Append('\n');
            foreach (var line in file.Pem.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                conf.Append("# ").Append(line).Append('\n');
            }
            conf.Append("# nfp-end\n");
        }
        return conf.ToString();
    }

    /// <summary>The lines of a connection's <c>local</c> section: how this end proves who it is.</summary>
    private static string LocalAuth(VpnData vpn, SiteConnection connection) => connection.AuthMode == AuthMode.Psk
        ? AuthSection("auth = psk", $"id = \"{LocalId(vpn, connection)}\"")
        : AuthSection(["auth = pubkey", $"certs = {CertificateFile(connection).Name}", .. connection.LocalId.Length > 0 ? [$"id = \"{connection.LocalId}\""] : Array.Empty<string>()]);

    /// <summary>The lines of a connection's <c>remote</c> section: whom the peer must prove to be, and with which CA's certificate.</summary>
    private static string RemoteAuth(SiteConnection connection) => connection.AuthMode == AuthMode.Psk
        ? AuthSection("auth = psk", $"id = \"{PeerId(connection)}\"")
        : AuthSection("auth = pubkey", $"id = \"{PeerId(connection)}\"", $"cacerts = {string.Join(',', CaFiles(connection).Select(file => file.Name))}");

    private static string AuthSection(params string[] lines) => string.Join('\n', lines.Select(line => "            " + line));

    /// <summary>Base64 ("0s"): any key, quotes and all, stays one value.</summary>
    private static string PskSecret(VpnData vpn, SiteConnection connection) => $$"""
            ike-{{connection.Name}} {
                id-local = "{{LocalId(vpn, connection)}}"
                id-remote = "{{PeerId(connection)}}"
                secret = 0s{{Convert.ToBase64String(Encoding.UTF8.GetBytes(connection.Psk))}}
            }

        """;

    private static IEnumerable<CredentialFile> Files(SiteConnection connection) =>
        [CertificateFile(connection), KeyFile(connection), .. CaFiles(connection)];

    /// <summary>The connection's own certificate, which swanctl reads from the directory x509 beside swanctl.conf.</summary>
    private static CredentialFile CertificateFile(SiteConnection connection) =>
        File("x509", PemCredentials.Pem(PemCredentials.Certificate(connection.Certificate)!));

    /// <summary>Its private key, which swanctl loads with every key of the directory private.</summary>
    private static CredentialFile KeyFile(SiteConnection connection) =>
        File("private", PemCredentials.Pem(PemCredentials.PrivateKey(connection.PrivateKey)!.Value));

    /// <summary>The CAs its peer's certificate may be issued by, in x509ca: one file each, as strongSwan reads one certificate of a file.</summary>
    private static IEnumerable<CredentialFile> CaFiles(SiteConnection connection) =>
        PemCredentials.Certificates(connection.PeerCaCertificates)!.Select(ca => File("x509ca", PemCredentials.Pem(ca)));

    /// <summary>A credential file named by a hash of its content: one file for what several connections share.</summary>
    private static CredentialFile File(string directory, string pem) =>
        new(directory, $"{Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(pem)))[..24]}.pem", pem);

    /// <summary>A certificate or key the agent writes to <see cref="Directory"/> (beside swanctl.conf) as <see cref="Name"/>, which the configuration names.</summary>
    private sealed record CredentialFile(string Directory, string Name, string Pem);

    private static string LocalId(VpnData vpn, SiteConnection connection) => connection.LocalId.Length > 0 ? connection.LocalId : vpn.LocalAddress;

    private static string PeerId(SiteConnection connection) => connection.PeerId.Length > 0 ? connection.PeerId : connection.PeerAddress;

    /// <summary>e.g. aes128-sha256-modp2048; with an AEAD cipher, its PRF instead of an integrity algorithm.</summary>
    private static string IkeProposal(IkePolicy ike) => ike.EncryptionAlgorithm.IsAead()
        ? $"{Cipher(ike.EncryptionAlgorithm)}-prf{Hash(ike.AuthAlgorithm)}-{Group(ike.Pfs)}"
        : $"{Cipher(ike.EncryptionAlgorithm)}-{Hash(ike.AuthAlgorithm)}-{Group(ike.Pfs)}";

    /// <summary>e.g. aes128-sha256-modp2048; an AEAD cipher carries its own integrity.</summary>
    private static string EspProposal(IpsecPolicy ipsec) => ipsec.EncryptionAlgorithm.IsAead()
        ? $"{Cipher(ipsec.EncryptionAlgorithm)}-{Group(ipsec.Pfs)}"
        : $"{Cipher(ipsec.EncryptionAlgorithm)}-{Hash(ipsec.AuthAlgorithm)}-{Group(ipsec.Pfs)}";

    private static string Cipher(EncryptionAlgorithm algorithm) => algorithm switch
    {
        EncryptionAlgorithm.Aes128 => "aes128",
        EncryptionAlgorithm.Aes192 => "aes192",
        EncryptionAlgorithm.Aes256 => "aes256",
        EncryptionAlgorithm.Aes128Gcm16 => "aes128gcm16",
        _ => "aes256gcm16",
    };

    private static string Hash(AuthAlgorithm algorithm) => algorithm.ToString().ToLowerInvariant();

    private static string Group(DhGroup group) => group switch
    {
        DhGroup.Group14 => "modp2048",
        DhGroup.Group15 => "modp3072",
        DhGroup.Group16 => "modp4096",
        DhGroup.Group19 => "ecp256",
        DhGroup.Group20 => "ecp384",
        _ => "ecp521",
    };

    /// <summary>strongSwan 5.9's names: hold keeps a trap policy that starts it again on traffic.</summary>
    private static string DpdActionName(DpdAction action) => action switch
    {
        DpdAction.Clear => "clear",
        DpdAction.Restart => "restart",
        DpdAction.Hold => "trap",
        _ => "none",
    };
}
