using Microsoft.AspNetCore.Diagnostics;
using Nfp.NetworkServiceManager.Persistence;

namespace Nfp.NetworkServiceManager.Api;

/// <summary>
/// Turns a repository's typed refusal into RFC 7807 problem+json: a bad list query 400 with the field
/// named in <c>errors</c>, an unknown resource 404, a concurrent or illegal change 409.
/// </summary>
internal sealed class PersistenceProblems(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title, extensions) = exception switch
        {
            InvalidQueryException invalid => (StatusCodes.Status400BadRequest, "Invalid query",
                new Dictionary<string, object?> { ["errors"] = new[] { invalid.Error } }),
            ResourceNotFoundException => (StatusCodes.Status404NotFound, "Not found", new Dictionary<string, object?>()),
            ConcurrencyConflictException or IllegalTransitionException => (StatusCodes.Status409Conflict, "Conflict", new Dictionary<string, object?>()),
            _ => (0, "", new Dictionary<string, object?>()),
        };
        if (status == 0)
        {
            return false;
        }
        httpContext.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = { Status = status, Title = title, Detail = exception.Message, Extensions = extensions },
        });
    }
}
