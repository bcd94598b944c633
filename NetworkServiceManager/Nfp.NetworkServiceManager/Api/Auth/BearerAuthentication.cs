using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Nfp.Schema.Json;

namespace Nfp.NetworkServiceManager.Api.Auth;

/// <summary>
/// <c>Authorization: Bearer TOKEN</c> against api_tokens (<see cref="ApiTokenRepository"/>): a valid token
/// is a caller with its role and tenant (<see cref="Caller"/>); no header is no caller (401 where one is
/// needed); an unknown, revoked or expired token is a failure (401). Checked on each request: a revocation
/// holds from the next one.
/// </summary>
internal sealed class BearerAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiTokenRepository tokens)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (header.Length == 0)
        {
            return AuthenticateResult.NoResult();
        }
        if (!header.StartsWith("Bearer ", StringComparison.Ordinal) || header.Length == "Bearer ".Length)
        {
            return AuthenticateResult.Fail("The Authorization header must be 'Bearer TOKEN'.");
        }
        if (await tokens.FindValidAsync(header["Bearer ".Length..].Trim(), Context.RequestAborted) is not { } token)
        {
            return AuthenticateResult.Fail("The token is unknown, revoked or expired.");
        }
        var claims = new List<Claim> { new(ClaimTypes.NameIdentifier, token.Id.ToString()), new(ClaimTypes.Role, NfpJson.WireName(token.Role)) };
        if (token.TenantId is { } tenant)
        {
            claims.Add(new Claim(Caller.TenantClaim, tenant.ToString()));
        }
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName)), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer";
        return base.HandleChallengeAsync(properties);
    }
}

/// <summary>Who is calling: an admin (every tenant) or a member or reader of one tenant.</summary>
internal sealed record Caller(ApiRole Role, Guid? TenantId)
{
    public const string TenantClaim = "nfp_tenant_id";

    public bool IsAdmin => Role == ApiRole.Admin;

    /// <summary>Whether the caller may see what belongs to <paramref name="tenantId"/> (another tenant's is a 404 to it).</summary>
    public bool Sees(Guid tenantId) => IsAdmin || TenantId == tenantId;

    public static Caller Of(ClaimsPrincipal user) => new(
        NfpJson.ParseWireName<ApiRole>(user.FindFirstValue(ClaimTypes.Role)!),
        user.FindFirstValue(TenantClaim) is { } tenant ? Guid.Parse(tenant) : null);
}

/// <summary>The operator API's authorization policies by role.</summary>
internal static class ApiPolicies
{
    /// <summary>Any valid token: an admin, or a member or reader of its tenant.</summary>
    public const string Read = "read";

    /// <summary>An admin, or a member of its tenant: writes.</summary>
    public const string Write = "write";

    public const string Admin = "admin";
}
