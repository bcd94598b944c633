using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Nfp.Drivers.Vendors.Strongswan;

/// <summary>
/// A site connection's certificates and private key read from their PEM text, and written again as PEM of
/// their own bytes only (so that nothing around a PEM block, nor a line that could end the block's place
/// in swanctl.conf, reaches the device). .NET reads them: no hand-written parser.
/// </summary>
internal static class PemCredentials
{
    /// <summary>The PEM labels of an unencrypted private key strongSwan reads: PKCS#8, PKCS#1 RSA, SEC1 EC.</summary>
    private static readonly string[] KeyLabels = ["PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY"];

    /// <summary>The certificates of <paramref name="pem"/>'s CERTIFICATE blocks, in order; null when a block is not one or there is none.</summary>
    public static IReadOnlyList<X509Certificate2>? Certificates(string pem)
    {
        var found = new List<X509Certificate2>();
        var rest = pem.AsSpan();
        while (PemEncoding.TryFind(rest, out var fields))
        {
            if (rest[fields.Label].SequenceEqual("CERTIFICATE"))
            {
                try
                {
                    found.Add(X509CertificateLoader.LoadCertificate(Convert.FromBase64String(rest[fields.Base64Data].ToString())));
                }
                catch (CryptographicException)
                {
                    return null;
                }
            }
            rest = rest[fields.Location.End..];
        }
        return found.Count > 0 ? found : null;
    }

    /// <summary>The one certificate of <paramref name="pem"/>, or null when it holds none or several.</summary>
    public static X509Certificate2? Certificate(string pem) => Certificates(pem) is [var one] ? one : null;

    /// <summary>The label and DER bytes of <paramref name="pem"/>'s one unencrypted private key, or null.</summary>
    public static (string Label, byte[] Der)? PrivateKey(string pem)
    {
        if (!PemEncoding.TryFind(pem, out var fields) || !KeyLabels.Contains(pem[fields.Label]))
        {
            return null;
        }
        var der = new byte[fields.DecodedDataLength];
        return Convert.TryFromBase64String(pem[fields.Base64Data], der, out _) ? (pem[fields.Label], der) : null;
    }

    /// <summary>Whether <paramref name="keyPem"/> holds the private key of <paramref name="certificatePem"/>'s public key.</summary>
    public static bool KeyMatches(string certificatePem, string keyPem)
    {
        try
        {
            using var pair = X509Certificate2.CreateFromPem(certificatePem, keyPem);
            return pair.HasPrivateKey;
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            return false; // ArgumentException: a key of another certificate
        }
    }

    /// <summary>A certificate as PEM.</summary>
    public static string Pem(X509Certificate2 certificate) => PemEncoding.WriteString("CERTIFICATE", certificate.RawData);

    /// <summary>A private key as PEM, under its own label.</summary>
    public static string Pem((string Label, byte[] Der) key) => PemEncoding.WriteString(key.Label, key.Der);
}
