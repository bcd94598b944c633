using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Nfp.Schema.Json;

namespace Nfp.NetworkServiceManager.Api.Auth;

/// <summary>
/// The operator API's authentication (configuration section <c>Auth</c>): bearer tokens, policies by
/// role, and the bootstrap admin token — <c>Auth:BootstrapTokenSha256</c>, the SHA-256 of the token
/// deploy/up.sh writes to /etc/nfp/operator.env — kept at start, so that an admin can make the others.
/// </summary>
public static class AuthRegistration
{
    public const string Section = "Auth";

    public static IHostApplicationBuilder AddNfpAuth(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<AuthOptions>(builder.Configuration.GetSection(Section));
        builder.Services.AddSingleton<ValidTokens>();
        builder.Services.AddHostedService(services => services.GetRequiredService<ValidTokens>());
        builder.Services.AddSingleton<ApiTokenRepository>();
        builder.Services.AddAuthentication(BearerAuthentication.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, BearerAuthentication>(BearerAuthentication.SchemeName, null);
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(ApiPolicies.Read, policy => policy.RequireAuthenticatedUser())
            .AddPolicy(ApiPolicies.Write, policy => policy.RequireRole(NfpJson.WireName(ApiRole.Admin), NfpJson.WireName(ApiRole.Member)))
            .AddPolicy(ApiPolicies.Admin, policy => policy.RequireRole(NfpJson.WireName(ApiRole.Admin)));
        builder.Services.AddHostedService<BootstrapToken>();
        return builder;
    }
}

public sealed class AuthOptions
{
    /// <summary>The SHA-256 (hex) of the bootstrap admin token; empty: none (an admin token must exist already).</summary>
    public string BootstrapTokenSha256 { get; set; } = "";
}

/// <summary>Keeps the bootstrap admin token at start, after the migrations (hosted services start in order).</summary>
internal sealed class BootstrapToken(ApiTokenRepository tokens, IOptions<AuthOptions> options) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) =>
        options.Value.BootstrapTokenSha256 is { Length: > 0 } sha256 ? tokens.EnsureBootstrapAsync(sha256, cancellationToken) : Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
