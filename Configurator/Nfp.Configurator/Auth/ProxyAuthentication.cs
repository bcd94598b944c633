using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Options;
using Nfp.Hosting;

namespace Nfp.Configurator.Auth;

/// <summary>
/// Only the configurator proxy may call the configurator: every device shares its management network and
/// reaches its port. The proxy forwards the agent's connections byte for byte, so it cannot add an HTTP
/// header, but it can open each connection with TLS and a client certificate — hence mutual TLS: Kestrel
/// serves HTTPS with <see cref="ProxyAuthenticationOptions.Certificate"/> and asks every client for a
/// certificate, and each route but <c>/healthz</c> answers 401 problem+json unless the connection's
/// certificate is the pinned one. (The TLS handshake itself accepts any certificate, or none, so that a
/// wrong caller gets that 401 rather than a broken connection, and a liveness probe needs none.)
/// </summary>
public static class ProxyAuthentication
{
    /// <summary>Where popd writes a container's secret metadata, one file per key, read as configuration.</summary>
    public const string SecretsDirectory = "/run/secrets";

    public static IHostApplicationBuilder AddProxyAuthentication(this IHostApplicationBuilder builder)
    {
        builder.Configuration.AddKeyPerFile(SecretsDirectory, optional: true);
        builder.Services.AddOptions<ProxyAuthenticationOptions>().Bind(builder.Configuration.GetSection(ProxyAuthenticationOptions.Section))
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>()
            .Configure<IOptions<ProxyAuthenticationOptions>>((kestrel, tls) => kestrel.ConfigureHttpsDefaults(https =>
            {
                https.ServerCertificate = PinnedCertificates.FromPem(tls.Value.Certificate);
                https.ClientCertificateMode = ClientCertificateMode.AllowCertificate;
                https.AllowAnyClientCertificate();
            }));
        return builder;
    }

    /// <summary>The endpoint filter of every route but <c>/healthz</c>: the pinned client certificate, or 401.</summary>
    public static async ValueTask<object?> RequireProxyAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var pin = http.RequestServices.GetRequiredService<IOptions<ProxyAuthenticationOptions>>().Value.ClientCertificateSha256;
        if (PinnedCertificates.Matches(http.Connection.ClientCertificate, pin))
        {
            return await next(context);
        }
        return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthenticated",
            detail: "The configurator answers only its proxy: connect with TLS and the proxy's client certificate.");
    }
}
