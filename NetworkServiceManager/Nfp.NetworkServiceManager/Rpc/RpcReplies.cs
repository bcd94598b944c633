using MassTransit;
using Nfp.Schema.Rpc;
using Nfp.Schema.Validation;

namespace Nfp.NetworkServiceManager.Rpc;

/// <summary>The refusals every RPC consumer answers with; each changes nothing.</summary>
internal static class RpcReplies
{
    /// <summary>Answers an invalid request with its field errors; true when it did.</summary>
    public static async Task<bool> RefusedAsInvalidAsync<T>(ConsumeContext<T> context) where T : class
    {
        var errors = Contracts.Validate(context.Message);
        if (errors.Count == 0)
        {
            return false;
        }
        await context.RespondAsync(new RpcFault(RpcFaultCode.InvalidRequest, $"{typeof(T).Name} is invalid.", errors));
        return true;
    }

    public static Task NotFoundAsync(ConsumeContext context, Guid networkServiceId) =>
        context.RespondAsync(new RpcFault(RpcFaultCode.NotFound, $"No network service {networkServiceId}.", []));

    public static Task ConflictAsync(ConsumeContext context, string message) =>
        context.RespondAsync(new RpcFault(RpcFaultCode.Conflict, message, []));
}
