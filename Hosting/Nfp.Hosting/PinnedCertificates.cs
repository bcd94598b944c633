using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Nfp.Hosting;

/// <summary>
/// The configurator and its proxy authenticate each other by mutual TLS, each pinning the other's
/// self-signed certificate by its SHA-256 (lower-case hex of the DER): there is one client and one server,
/// so a CA would add a key to guard and nothing to check. A pin is no secret; a certificate's private key is.
/// </summary>
public static class PinnedCertificates
{
    /// <summary>The certificate's pin: SHA-256 of its DER, lower-case hex (as <c>openssl x509 -outform DER | sha256sum</c>).</summary>
    public static string Sha256(X509Certificate certificate) => Convert.ToHexStringLower(SHA256.HashData(certificate.GetRawCertData()));

    /// <summary>Whether <paramref name="certificate"/> is the one <paramref name="pin"/> names.</summary>
    public static bool Matches(X509Certificate? certificate, string pin) =>
        certificate is not null && pin.Length == 64 && string.Equals(Sha256(certificate), pin, StringComparison.OrdinalIgnoreCase);

    /// <summary>A certificate with its private key from one PEM text holding both (the key as PKCS#8 or SEC1).</summary>
    public static X509Certificate2 FromPem(string pem) => X509Certificate2.CreateFromPem(pem, pem);

    /// <summary>
    /// A new self-signed ECDSA P-256 certificate for <paramref name="name"/>, valid ten years, as one PEM text
    /// with its key — what deploy/up.sh makes with <c>openssl req -x509</c>, for the tests and the bench.
    /// </summary>
    public static string CreateSelfSignedPem(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(10));
        return certificate.ExportCertificatePem() + "\n" + key.ExportPkcs8PrivateKeyPem() + "\n";
    }
}
