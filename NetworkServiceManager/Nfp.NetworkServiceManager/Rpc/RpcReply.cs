using MassTransit;
using MassTransit.RabbitMqTransport;

namespace Nfp.NetworkServiceManager.Rpc;

/// <summary>
/// Where and how a request is answered (docs/rpc.md, "Reply address"): to the envelope's
/// <c>response_address</c> when it has one; else, when the AMQP message has a <c>reply_to</c>, through the
/// default exchange with that routing key (a queue of the client's, or RabbitMQ's direct reply-to). The
/// answer carries the request's <c>request_id</c> in its envelope and its AMQP <c>correlation_id</c> back,
/// whichever the client matches answers by.
/// </summary>
internal sealed record RpcReply(Uri Address, Guid? RequestId, string? CorrelationId)
{
    /// <summary>How to answer what <paramref name="receive"/> brought, or null when it names no reply address.</summary>
    public static RpcReply? For(ReceiveContext receive, Uri? responseAddress, Guid? requestId)
    {
        var amqp = receive.TryGetPayload<RabbitMqBasicConsumeContext>(out var basic) ? basic.Properties : null;
        var address = responseAddress
            // MassTransit sends to the reply-to pseudo address through the default exchange, routed by the request's reply_to.
            ?? (string.IsNullOrWhiteSpace(amqp?.ReplyTo) ? null : new Uri(receive.InputAddress, RabbitMqExchangeNames.ReplyTo));
        return address is null ? null : new RpcReply(address, requestId, amqp?.CorrelationId);
    }

    /// <summary>Sends <paramref name="answer"/> through the endpoints of the request's receive context (which know its reply_to).</summary>
    public async Task SendAsync<T>(ReceiveContext receive, T answer, CancellationToken cancellationToken) where T : class
    {
        var endpoint = await receive.SendEndpointProvider.GetSendEndpoint(Address);
        await endpoint.Send(answer, Pipe.Execute<SendContext<T>>(send =>
        {
            send.RequestId = RequestId;
            if (CorrelationId is not null && send.TryGetPayload<RabbitMqSendContext>(out var rabbit))
            {
                rabbit.BasicProperties.CorrelationId = CorrelationId;
            }
        }), cancellationToken);
    }
}
