using Grpc.Core;
using Grpc.Core.Interceptors;
using Nfp.Popd.Api;

namespace Nfp.Popd.Auth;

/// <summary>
/// Every method but Login needs a live token in the metadata key <c>token</c>: none is
/// UNAUTHENTICATED, an unknown or expired one PERMISSION_DENIED. The token never reaches a log line.
/// </summary>
internal sealed class TokenInterceptor(TokenStore tokens) : Interceptor
{
    public const string MetadataKey = "token";
    private const string LoginMethod = "/vim_pop.Pop/Login";

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        await RequireTokenAsync(context);
        return await continuation(request, context);
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        await RequireTokenAsync(context);
        await continuation(request, responseStream, context);
    }

    private async Task RequireTokenAsync(ServerCallContext context)
    {
        if (context.Method == LoginMethod)
        {
            return;
        }
        var token = context.RequestHeaders.GetValue(MetadataKey);
        if (string.IsNullOrEmpty(token))
        {
            throw PopErrors.Unauthenticated("No token: call Login and send its token in the 'token' metadata key.");
        }
        if (await tokens.UserOfAsync(token, context.CancellationToken) is null)
        {
            throw PopErrors.PermissionDenied("The token is unknown or expired: log in again.");
        }
    }
}
