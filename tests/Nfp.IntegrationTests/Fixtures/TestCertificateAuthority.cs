using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Nfp.IntegrationTests.Fixtures;

/// <summary>
/// A certificate authority made for a test (ECDSA P-256, valid from 30 days ago for a year), which issues
/// end-entity certificates, each with its own new key — what an operator's PKI gives a VPN gateway.
/// </summary>
public sealed class TestCertificateAuthority : IDisposable
{
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly X509Certificate2 _certificate;

    public TestCertificateAuthority(string name)
    {
        var request = new CertificateRequest($"CN={name}", _key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: false, 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        _certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-30), DateTimeOffset.UtcNow.AddYears(1));
    }

    /// <summary>The authority's own certificate, PEM.</summary>
    public string CertificatePem => _certificate.ExportCertificatePem();

    /// <summary>A certificate for <paramref name="subject"/> (e.g. <c>CN=gw-a</c>) and its private key (PKCS#8), PEM; expired ten days ago when asked.</summary>
    public (string Certificate, string PrivateKey) Issue(string subject, bool expired = false)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, 0, critical: false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(_certificate, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        var now = DateTimeOffset.UtcNow;
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        using var certificate = expired
            ? request.Create(_certificate, now.AddDays(-20), now.AddDays(-10), serial)
            : request.Create(_certificate, now.AddDays(-1), now.AddDays(30), serial);
        return (certificate.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
    }

    public void Dispose()
    {
        _certificate.Dispose();
        _key.Dispose();
    }
}
