using MassTransit;
using Nfp.Schema.Rpc;
using Nfp.Schema.Validation;

namespace Nfp.NetworkServiceManager.Rpc;

/// <summary>
/// One request being answered: the request, and the answer or refusal it gets — exactly one. The request
/// came from the node driver over RabbitMQ (<see cref="BusCall{TRequest}"/>) or from an operator over REST
/// (<see cref="RestCall{TRequest}"/>): both are carried out by the same <see cref="RpcConsumer{TRequest}"/>.
/// </summary>
internal abstract class RpcCall<TRequest>(TRequest message, CancellationToken cancellationToken) where TRequest : class
{
    public TRequest Message => message;

    public CancellationToken CancellationToken => cancellationToken;

    /// <summary>Whether the answer (or a refusal) went out: nothing may be answered a second time.</summary>
    public bool IsAnswered { get; private set; }

    public async Task AnswerAsync<TAnswer>(TAnswer answer) where TAnswer : class
    {
        if (IsAnswered)
        {
            throw new InvalidOperationException($"This {typeof(TRequest).Name} was answered already.");
        }
        IsAnswered = true;
        await SendAsync(answer);
    }

    public Task InvalidAsync(IReadOnlyList<FieldError> errors) =>
        AnswerAsync(new RpcFault(RpcFaultCode.InvalidRequest, $"{typeof(TRequest).Name} is invalid.", errors));

    public Task NotFoundAsync(Guid id, string resource = "network service") =>
        AnswerAsync(new RpcFault(RpcFaultCode.NotFound, $"No {resource} {id}.", []));

    public Task ConflictAsync(string message) => AnswerAsync(new RpcFault(RpcFaultCode.Conflict, message, []));

    /// <summary>Delivers the one answer.</summary>
    protected abstract Task SendAsync<TAnswer>(TAnswer answer) where TAnswer : class;
}

/// <summary>A node-driver request from RabbitMQ, answered to its reply address (<see cref="RpcReply"/>).</summary>
internal sealed class BusCall<TRequest>(ConsumeContext<TRequest> context, RpcReply reply)
    : RpcCall<TRequest>(context.Message, context.CancellationToken) where TRequest : class
{
    protected override Task SendAsync<TAnswer>(TAnswer answer) => reply.SendAsync(context.ReceiveContext, answer, CancellationToken);
}

/// <summary>An operator's request over REST: the answer is kept for the endpoint to turn into an HTTP response.</summary>
internal sealed class RestCall<TRequest>(TRequest message, CancellationToken cancellationToken)
    : RpcCall<TRequest>(message, cancellationToken) where TRequest : class
{
    /// <summary>The answer, once <see cref="RpcCall{TRequest}.IsAnswered"/>.</summary>
    public object? Answer { get; private set; }

    protected override Task SendAsync<TAnswer>(TAnswer answer)
    {
        Answer = answer;
        return Task.CompletedTask;
    }
}
