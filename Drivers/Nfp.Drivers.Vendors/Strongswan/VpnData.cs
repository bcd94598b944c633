using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace Nfp.Drivers.Vendors.Strongswan;

/// <summary>
/// A <c>vpn</c> resource for the strongswan driver, as the configurator gets it: the device's address on the
/// public side (<see cref="LocalAddress"/>: its address on the consumer port's network, which the lifecycle
/// driver fills in) and the site connections it holds. Made from the service's <see cref="VpnConfig"/>.
/// </summary>
public sealed record VpnData(string MgmtIpAddress, string LocalAddress, IReadOnlyList<SiteConnection> SiteConnections);

/// <summary>
/// One IPsec site-to-site connection, as Neutron VPNaaS's <c>ipsec_site_connection</c> has it: the peer
/// gateway and the networks on either side, how both ends authenticate (a pre-shared key, or X.509
/// certificates: each end's own with its private key, and the CAs the peer's must be issued by), the IKE
/// and IPsec policies, dead peer detection, and whether it is up and may start the negotiation.
/// </summary>
public sealed record SiteConnection(
    [property: Description("The connection's name, unique in the service: letters, digits, '-' and '_' (not first), at most 63.")] string Name,
    [property: Description("The peer gateway's IPv4 or IPv6 address.")] string PeerAddress,
    [property: Description("The peer site's networks, reached through the tunnel (CIDR).")] IReadOnlyList<string> PeerCidrs,
    [property: Description("This site's networks the peer reaches through the tunnel (CIDR).")] IReadOnlyList<string> LocalCidrs,
    [property: Description("With auth_mode psk, the pre-shared key both ends authenticate with: a secret, written but never shown (views show \"********\"; an update giving that keeps the key)."),
        PasswordPropertyText(true)] string Psk = "",
    [property: Description("psk: both ends know one key; certificate: each end proves its identity with an X.509 certificate and its private key.")] AuthMode AuthMode = AuthMode.Psk,
    [property: Description("With auth_mode certificate, this device's X.509 certificate (PEM), which the peer checks against its CAs.")] string Certificate = "",
    [property: Description("With auth_mode certificate, the private key of certificate (PEM, unencrypted: PKCS#8, RSA or EC): a secret, written but never shown, like psk."),
        PasswordPropertyText(true)] string PrivateKey = "",
    [property: Description("With auth_mode certificate, the CA certificates (PEM, one to four) the peer's certificate must be issued by.")] string PeerCaCertificates = "",
    [property: Description("The peer's IKE identity; empty: its address (with certificates, the peer's certificate must then name that address).")] string PeerId = "",
    [property: Description("This device's IKE identity; empty: its public address (with certificates, the subject of certificate).")] string LocalId = "",
    [property: Description("The IKE (phase 1) policy; absent: IKEv2, aes-128, sha256, group14, 3600 s.")] IkePolicy? IkePolicy = null,
    [property: Description("The IPsec (phase 2, ESP) policy; absent: aes-128, sha256, group14, 3600 s.")] IpsecPolicy? IpsecPolicy = null,
    [property: Description("Dead peer detection; absent: hold, every 30 s, 120 s.")] Dpd? Dpd = null,
    [property: Description("bi-directional: this end starts the negotiation too; response-only: it waits for the peer.")] Initiator Initiator = Initiator.BiDirectional,
    [property: Description("false: the connection is left out of the device's configuration (its SAs closed) and health does not watch it.")] bool AdminStateUp = true);

/// <summary>What an IKE and an IPsec policy both choose: the cipher, the hash, the Diffie-Hellman group and the SA's lifetime.</summary>
public interface IProtectionPolicy
{
    EncryptionAlgorithm EncryptionAlgorithm { get; }

    AuthAlgorithm AuthAlgorithm { get; }

    DhGroup Pfs { get; }

    int LifetimeSeconds { get; }
}

/// <summary>How the two ends set up the IKE SA (phase 1).</summary>
public sealed record IkePolicy(
    [property: Description("v1 or v2.")] IkeVersion IkeVersion = IkeVersion.V2,
    [property: Description("aes-128, aes-192, aes-256, aes-128-gcm-16 or aes-256-gcm-16 (a gcm one with v2 only: IKEv1 has no AEAD cipher).")] EncryptionAlgorithm EncryptionAlgorithm = EncryptionAlgorithm.Aes128,
    [property: Description("sha1, sha256, sha384 or sha512 (integrity, and the PRF).")] AuthAlgorithm AuthAlgorithm = AuthAlgorithm.Sha256,
    [property: Description("The Diffie-Hellman group: group14, group15, group16, group19, group20 or group21.")] DhGroup Pfs = DhGroup.Group14,
    [property: Description("Seconds until the IKE SA is renewed."), Range(VpnLimits.MinLifetimeSeconds, VpnLimits.MaxLifetimeSeconds)] int LifetimeSeconds = 3600)
    : IProtectionPolicy;

/// <summary>How the two ends protect the traffic (phase 2): ESP in tunnel mode.</summary>
public sealed record IpsecPolicy(
    [property: Description("aes-128, aes-192, aes-256, aes-128-gcm-16 or aes-256-gcm-16.")] EncryptionAlgorithm EncryptionAlgorithm = EncryptionAlgorithm.Aes128,
    [property: Description("sha1, sha256, sha384 or sha512 (ignored with a gcm algorithm, which has its own).")] AuthAlgorithm AuthAlgorithm = AuthAlgorithm.Sha256,
    [property: Description("The Diffie-Hellman group of each rekeying (perfect forward secrecy).")] DhGroup Pfs = DhGroup.Group14,
    [property: Description("Seconds until the child SA is renewed."), Range(VpnLimits.MinLifetimeSeconds, VpnLimits.MaxLifetimeSeconds)] int LifetimeSeconds = 3600)
    : IProtectionPolicy;

/// <summary>
/// Dead peer detection: the peer is asked for a sign of life after <see cref="IntervalSeconds"/> without
/// traffic, and given up after <see cref="TimeoutSeconds"/>; then <see cref="Action"/>.
/// </summary>
public sealed record Dpd(
    [property: Description("hold: wait for traffic to start again; clear: close; restart: start again at once; disabled: no detection.")] DpdAction Action = DpdAction.Hold,
    [property: Description("Seconds without traffic before the peer is asked."), Range(VpnLimits.MinDpdSeconds, VpnLimits.MaxDpdSeconds)] int IntervalSeconds = 30,
    [property: Description("With IKEv1, seconds without an answer before the peer is taken for dead (with IKEv2, charon's retransmissions decide: about 16 s)."), Range(VpnLimits.MinDpdSeconds, VpnLimits.MaxDpdSeconds)] int TimeoutSeconds = 120);

public enum AuthMode
{
    [JsonStringEnumMemberName("psk")] Psk,
    [JsonStringEnumMemberName("certificate")] Certificate,
}

public enum IkeVersion
{
    [JsonStringEnumMemberName("v1")] V1,
    [JsonStringEnumMemberName("v2")] V2,
}

public enum EncryptionAlgorithm
{
    [JsonStringEnumMemberName("aes-128")] Aes128,
    [JsonStringEnumMemberName("aes-192")] Aes192,
    [JsonStringEnumMemberName("aes-256")] Aes256,
    [JsonStringEnumMemberName("aes-128-gcm-16")] Aes128Gcm16,
    [JsonStringEnumMemberName("aes-256-gcm-16")] Aes256Gcm16,
}

internal static class EncryptionAlgorithms
{
    /// <summary>An authenticated cipher (AES-GCM), which carries its own integrity.</summary>
    public static bool IsAead(this EncryptionAlgorithm algorithm) => algorithm is EncryptionAlgorithm.Aes128Gcm16 or EncryptionAlgorithm.Aes256Gcm16;
}

public enum AuthAlgorithm
{
    [JsonStringEnumMemberName("sha1")] Sha1,
    [JsonStringEnumMemberName("sha256")] Sha256,
    [JsonStringEnumMemberName("sha384")] Sha384,
    [JsonStringEnumMemberName("sha512")] Sha512,
}

public enum DhGroup
{
    [JsonStringEnumMemberName("group14")] Group14,
    [JsonStringEnumMemberName("group15")] Group15,
    [JsonStringEnumMemberName("group16")] Group16,
    [JsonStringEnumMemberName("group19")] Group19,
    [JsonStringEnumMemberName("group20")] Group20,
    [JsonStringEnumMemberName("group21")] Group21,
}

public enum DpdAction
{
    [JsonStringEnumMemberName("hold")] Hold,
    [JsonStringEnumMemberName("clear")] Clear,
    [JsonStringEnumMemberName("restart")] Restart,
    [JsonStringEnumMemberName("disabled")] Disabled,
}

public enum Initiator
{
    [JsonStringEnumMemberName("bi-directional")] BiDirectional,
    [JsonStringEnumMemberName("response-only")] ResponseOnly,
}

/// <summary>The bounds the strongswan driver's configs are checked against.</summary>
internal static class VpnLimits
{
    public const int MaxConnections = 16;
    public const int MaxCidrs = 16;
    public const int MinPskLength = 8;
    public const int MaxPskLength = 256;
    public const int MaxIdLength = 255;
    public const int MaxPemLength = 16 * 1024;
    public const int MaxPeerCas = 4;
    public const int MinLifetimeSeconds = 60;
    public const int MaxLifetimeSeconds = 86400;
    public const int MinDpdSeconds = 1;
    public const int MaxDpdSeconds = 3600;
}
