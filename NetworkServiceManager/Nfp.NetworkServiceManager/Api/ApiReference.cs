using Microsoft.AspNetCore.Authorization;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace Nfp.NetworkServiceManager.Api;

/// <summary>
/// The operator API's own description: an OpenAPI 3.1 document at <c>/openapi/v1.json</c>, made by ASP.NET
/// Core's generator from the routes themselves (each declares its answers and refusals), and a browsable
/// reference page at <c>/reference</c> (Scalar, its script served from the package: nothing is fetched from
/// elsewhere). Both answer without a token, as version discovery does: they describe the API, and hold no
/// tenant's data. Every operation needs a bearer token but those marked <c>security: []</c> (<c>/</c>, <c>/healthz</c>).
/// </summary>
public static class ApiReference
{
    public const string BearerScheme = "bearer";

    public static IHostApplicationBuilder AddNfpApiReference(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOpenApi(options =>
        {
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "NFP Network Service Manager",
                    Version = "v1",
                    Description = "The operator API of NFP: network services, their devices, instances, ports and operations; "
                        + "writes and actions as the node driver's RPCs (docs/rpc.md); tokens and quotas.",
                };
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    Description = "A token from `nfp token create` (an admin's is in /etc/nfp/operator.env).",
                };
                document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, document)] = [] }];
                return Task.CompletedTask;
            });
            options.AddOperationTransformer((operation, context, _) =>
            {
                if (context.Description.ActionDescriptor.EndpointMetadata.OfType<IAllowAnonymous>().Any())
                {
                    operation.Security = [];
                }
                return Task.CompletedTask;
            });
        });
        return builder;
    }

    public static IEndpointRouteBuilder MapNfpApiReference(this IEndpointRouteBuilder app)
    {
        // Its one document by its own path: the default pattern, /openapi/{documentName}.json, answers another name with a plain-text 404.
        app.MapOpenApi("/openapi/v1.json").AllowAnonymous();
        app.MapScalarApiReference("/reference", options => options.WithTitle("NFP operator API")).AllowAnonymous();
        return app;
    }
}
