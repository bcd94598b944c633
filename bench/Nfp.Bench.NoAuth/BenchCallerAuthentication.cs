using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Nfp.Bench.NoAuth;

/// <summary>
/// The caller a request names in <see cref="Header"/> — <c>admin</c>, or a tenant's id for a member of it —
/// taken as it is, with no token and no lookup: the claims the manager's BearerAuthentication makes of a
/// valid token of that role and tenant, so that the route does the same work as for a token's caller.
/// </summary>
internal sealed class BenchCallerAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "bench-caller";
    public const string Header = "X-Bench-Caller";

    /// <summary>The manager's Caller.TenantClaim.</summary>
    private const string TenantClaim = "nfp_tenant_id";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var caller = Request.Headers[Header].ToString();
        var claims = new List<Claim> { new(ClaimTypes.NameIdentifier, SchemeName) };
        if (caller == "admin")
        {
            claims.Add(new Claim(ClaimTypes.Role, "admin"));
        }
        else if (Guid.TryParse(caller, out var tenant))
        {
            claims.Add(new Claim(ClaimTypes.Role, "member"));
            claims.Add(new Claim(TenantClaim, tenant.ToString()));
        }
        else
        {
            return Task.FromResult(AuthenticateResult.Fail($"{Header} must be 'admin' or a tenant's id."));
        }
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName)), SchemeName)));
    }
}
