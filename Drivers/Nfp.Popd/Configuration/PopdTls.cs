namespace Nfp.Popd.Configuration;

/// <summary>
/// TLS for popd's listener (TOML <c>[tls]</c>): PEM files of the certificate and its private key.
/// Without them popd speaks plain HTTP/2 (h2c), fit for loopback and Unix sockets.
/// </summary>
public sealed class PopdTls
{
    public string Certificate { get; set; } = "";

    public string Key { get; set; } = "";
}
