using Nfp.NetworkServiceManager.Api.Auth;
using Nfp.Schema.Rpc;
using Nfp.Schema.Validation;

namespace Nfp.NetworkServiceManager.Api;

/// <summary>
/// The operator API's tokens, an admin's to manage: <c>POST /v1/tokens</c> makes one (201, the secret in
/// the answer this once), <c>GET /v1/tokens</c> lists them (no secrets: none is kept),
/// <c>DELETE /v1/tokens/{id}</c> revokes one (204; it fails from the next request). And <c>GET /</c>,
/// the version discovery, which needs no token.
/// </summary>
public static class TokenViews
{
    public static IEndpointRouteBuilder MapTokenViewsV1(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", () => TypedResults.Ok(new VersionsAnswer([new ApiVersion("v1", "CURRENT", [new PageLink("self", "/v1/")])])))
            .AllowAnonymous().WithTags("versions");
        var tokens = app.MapGroup("/v1/tokens").RequireAuthorization(ApiPolicies.Admin).WithTags("tokens")
            .Refuses(StatusCodes.Status401Unauthorized).Refuses(StatusCodes.Status403Forbidden);
        tokens.MapPost("", CreateAsync).Produces<ApiTokenCreated>(StatusCodes.Status201Created).Refuses(StatusCodes.Status400BadRequest);
        tokens.MapGet("", async (ApiTokenRepository repository, HttpContext context) =>
            TypedResults.Ok(new TokensAnswer(await repository.ListAsync(context.RequestAborted))));
        tokens.MapDelete("/{id:guid}", async (Guid id, ApiTokenRepository repository, HttpContext context) =>
            await repository.RevokeAsync(id, context.RequestAborted)
                ? Results.NoContent()
                : FaultProblems.NotFound($"token {id}")).Produces(StatusCodes.Status204NoContent).Refuses(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<IResult> CreateAsync(CreateApiToken request, ApiTokenRepository repository, HttpContext context)
    {
        var errors = new List<FieldError>();
        if (request.Role != ApiRole.Admin && (request.TenantId ?? Guid.Empty) == Guid.Empty)
        {
            errors.Add(new FieldError("tenant_id", FieldErrorCodes.Required, "'tenant_id' is required for a member's or a reader's token."));
        }
        if (request.Role == ApiRole.Admin && request.TenantId is not null)
        {
            errors.Add(new FieldError("tenant_id", FieldErrorCodes.Invalid, "An admin's token is of every tenant: 'tenant_id' must be left out."));
        }
        if (request.ExpiresInSeconds is <= 0)
        {
            errors.Add(new FieldError("expires_in_seconds", FieldErrorCodes.OutOfRange, "'expires_in_seconds' must be 1 or more."));
        }
        if (request.Name.Length > Limits.Name)
        {
            errors.Add(new FieldError("name", FieldErrorCodes.TooLong, $"'name' must be at most {Limits.Name} characters."));
        }
        if (errors.Count > 0)
        {
            return FaultProblems.Of(new RpcFault(RpcFaultCode.InvalidRequest, "The token request is invalid; nothing was made.", errors));
        }
        var created = await repository.CreateAsync(request, context.RequestAborted);
        return TypedResults.Created($"/v1/tokens/{created.Token.Id}", created);
    }
}
