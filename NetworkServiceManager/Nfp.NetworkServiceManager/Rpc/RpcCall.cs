using MassTransit;
using Nfp.Schema.Rpc;
using Nfp.Schema.Validation;

namespace Nfp.NetworkServiceManager.Rpc;

/// <summary>One node-driver request being answered: the request, and the answer or refusal it gets — exactly one.</summary>
internal sealed class RpcCall<TRequest>(ConsumeContext<TRequest> context, RpcReply reply) where TRequest : class
{
    public TRequest Message => context.Message;

    public CancellationToken CancellationToken => context.CancellationToken;

    /// <summary>Whether the answer (or a refusal) went out: nothing may be answered a second time.</summary>
    public bool IsAnswered { get; private set; }

    public async Task AnswerAsync<TAnswer>(TAnswer answer) where TAnswer : class
    {
        if (IsAnswered)
        {
            throw new InvalidOperationException($"{typeof(TRequest).Name} {context.RequestId} was answered already.");
        }
        IsAnswered = true;
        await reply.SendAsync(context.ReceiveContext, answer, CancellationToken);
    }

    public Task InvalidAsync(IReadOnlyList<FieldError> errors) =>
        AnswerAsync(new RpcFault(RpcFaultCode.InvalidRequest, $"{typeof(TRequest).Name} is invalid.", errors));

    public Task NotFoundAsync(Guid id, string resource = "network service") =>
        AnswerAsync(new RpcFault(RpcFaultCode.NotFound, $"No {resource} {id}.", []));

    public Task ConflictAsync(string message) => AnswerAsync(new RpcFault(RpcFaultCode.Conflict, message, []));
}
