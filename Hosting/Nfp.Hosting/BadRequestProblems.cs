using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using KestrelServerOptions = Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Nfp.Hosting;

/// <summary>
/// A request the server could not read — a body shorter than its Content-Length (400), one too slow in
/// coming (408), one over the size limit (413) — as problem+json with the server's status, not the 500 an
/// unhandled <see cref="BadHttpRequestException"/> becomes; and the daemon's request bodies limited to
/// <see cref="MaxRequestBodyBytes"/> (Kestrel's default is 30 MB; no NFP request comes near 1 MB).
/// </summary>
public sealed class BadRequestProblems(IProblemDetailsService problems) : IExceptionHandler
{
    public const long MaxRequestBodyBytes = 1 << 20;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad)
        {
            return false;
        }
        httpContext.Response.StatusCode = bad.StatusCode;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = { Status = bad.StatusCode, Title = "Bad request", Detail = bad.Message },
        });
    }
}

/// <summary>Registers <see cref="BadRequestProblems"/> and the body size limit on a daemon's web host.</summary>
public static class BadRequestProblemsRegistration
{
    public static IHostApplicationBuilder AddNfpBadRequestProblems(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<KestrelServerOptions>(kestrel => kestrel.Limits.MaxRequestBodySize = BadRequestProblems.MaxRequestBodyBytes);
        builder.Services.AddExceptionHandler<BadRequestProblems>();
        return builder;
    }
}
