using System.Net;
using System.Text.Json;
using Docker.DotNet;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Nfp.Popd.Api;

/// <summary>
/// Docker's refusals that no handler translated, as the Pop statuses they mean: a Docker exception would
/// otherwise reach the caller as UNKNOWN. Not found (404) is NOT_FOUND; a conflict with what Docker has
/// (409: a name in use, a removal already under way) or a refusal because of it (403: a network with
/// endpoints) is FAILED_PRECONDITION. Other Docker errors say nothing about the request and stay as they are.
/// </summary>
internal sealed class DockerErrorInterceptor : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (DockerApiException e) when (e.StatusCode is HttpStatusCode.NotFound)
        {
            throw PopErrors.NotFound($"Docker: {Message(e)}");
        }
        catch (DockerApiException e) when (e.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.Forbidden)
        {
            throw PopErrors.FailedPrecondition($"Docker: {Message(e)}");
        }
    }

    /// <summary>The message of Docker's error body (<c>{"message": "..."}</c>), else the body as it is.</summary>
    private static string Message(DockerApiException e)
    {
        try
        {
            using var body = JsonDocument.Parse(e.ResponseBody ?? "");
            if (body.RootElement.ValueKind == JsonValueKind.Object && body.RootElement.TryGetProperty("message", out var message)
                && message.ValueKind == JsonValueKind.String)
            {
                return message.GetString()!;
            }
        }
        catch (JsonException)
        {
            // Not Docker's JSON: the body itself says it best.
        }
        return string.IsNullOrEmpty(e.ResponseBody) ? e.Message : e.ResponseBody;
    }
}
