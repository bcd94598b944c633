using System.Text;
using System.Text.Json;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using RabbitMQ.Client.Exceptions;

namespace Nfp.IntegrationTests.Fixtures;

/// <summary>
/// The manager driven as docs/rpc.md tells a client in another language to drive it: plain AMQP
/// (RabbitMQ.Client, no MassTransit) and JSON written by hand.
/// </summary>
public sealed class RawAmqpClient : IAsyncDisposable
{
    private readonly IConnection _connection;

    private RawAmqpClient(IConnection connection) => _connection = connection;

    /// <summary>Connects as <paramref name="rabbitMq"/>'s user (NFP's <c>nfp</c> by default).</summary>
    public static async Task<RawAmqpClient> ConnectAsync(string? rabbitMq = null) =>
        new(await new ConnectionFactory { Uri = new Uri(rabbitMq ?? NfpEnvironment.RabbitMq) }.CreateConnectionAsync());

    /// <summary>The envelope of a request: <paramref name="message"/> as <paramref name="messageType"/>, answered at <paramref name="responseAddress"/> if given.</summary>
    public static byte[] Envelope(string messageType, object message, string? responseAddress = null, Guid? requestId = null)
    {
        var envelope = new Dictionary<string, object>
        {
            ["message_id"] = Guid.NewGuid(),
            ["request_id"] = requestId ?? Guid.NewGuid(),
            ["message_type"] = new[] { messageType },
            ["message"] = message,
        };
        if (responseAddress is not null)
        {
            envelope["response_address"] = responseAddress;
        }
        return JsonSerializer.SerializeToUtf8Bytes(envelope);
    }

    /// <summary>The message type of a Schema RPC contract, as on the wire.</summary>
    public static string MessageType(string contract) => $"urn:message:Nfp.Schema.Rpc:{contract}";

    /// <summary>
    /// Publishes <paramref name="body"/> to <paramref name="queue"/>'s exchange with AMQP reply_to RabbitMQ's direct
    /// reply-to and a correlation_id, and returns the answer's envelope and correlation_id, and how many
    /// answers came (a second one would come within a moment of the first); null when none comes within
    /// <paramref name="timeout"/>.
    /// </summary>
    public async Task<(JsonElement Envelope, string? CorrelationId, int Answers)?> AskAsync(string queue, byte[] body, TimeSpan timeout, bool replyTo = true)
    {
        await using var channel = await _connection.CreateChannelAsync();
        var answer = new TaskCompletionSource<(JsonElement, string?)>(TaskCreationOptions.RunContinuationsAsynchronously);
        var answers = 0;
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += (_, delivery) =>
        {
            Interlocked.Increment(ref answers);
            answer.TrySetResult((JsonDocument.Parse(delivery.Body).RootElement.Clone(), delivery.BasicProperties.CorrelationId));
            return Task.CompletedTask;
        };
        // Direct reply-to: consume from the pseudo queue on the channel that publishes.
        await channel.BasicConsumeAsync("amq.rabbitmq.reply-to", autoAck: true, consumer);
        var properties = new BasicProperties { ContentType = "application/vnd.masstransit+json", CorrelationId = $"corr-{Guid.NewGuid():N}" };
        if (replyTo)
        {
            properties.ReplyTo = "amq.rabbitmq.reply-to";
        }
        // The queue's own exchange, as docs/rpc.md says: a node driver's user may not publish through the default one.
        await channel.BasicPublishAsync(queue, "", false, properties, body);
        try
        {
            var (envelope, correlationId) = await answer.Task.WaitAsync(timeout);
            await Task.Delay(TimeSpan.FromMilliseconds(300));
            return (envelope, correlationId, Volatile.Read(ref answers));
        }
        catch (TimeoutException)
        {
            return null;
        }
    }

    /// <summary>
    /// Asks as a MassTransit client does: the reply address is an exchange of the client's own (fanout,
    /// bound to a queue of the same name, <c>{prefix}-node-driver-{uuid}</c> as docs/rpc.md says), named in the
    /// envelope's response_address; returns the answer's envelope.
    /// </summary>
    public async Task<JsonElement> AskAtExchangeAsync(string queuePrefix, string queue, string messageType, object message)
    {
        await using var channel = await _connection.CreateChannelAsync();
        var reply = $"{queuePrefix}-node-driver-{Guid.NewGuid():N}";
        await channel.ExchangeDeclareAsync(reply, ExchangeType.Fanout, durable: false, autoDelete: true);
        await channel.QueueDeclareAsync(reply, durable: false, exclusive: true, autoDelete: true);
        await channel.QueueBindAsync(reply, reply, "");
        var answer = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += (_, delivery) =>
        {
            answer.TrySetResult(JsonDocument.Parse(delivery.Body).RootElement.Clone());
            return Task.CompletedTask;
        };
        await channel.BasicConsumeAsync(reply, autoAck: true, consumer);
        await channel.BasicPublishAsync(queue, "", false, new BasicProperties { ContentType = "application/vnd.masstransit+json" },
            Envelope(messageType, message, $"rabbitmq://127.0.0.1/nfp/{reply}?temporary=true"));
        return await answer.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    /// <summary>How many messages <paramref name="queue"/> holds; null when there is no such queue.</summary>
    public async Task<uint?> MessageCountAsync(string queue)
    {
        // A passive declare of a queue that is not there closes its channel: one channel per look.
        await using var channel = await _connection.CreateChannelAsync();
        try
        {
            return (await channel.QueueDeclarePassiveAsync(queue)).MessageCount;
        }
        catch (OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode == 404)
        {
            return null;
        }
    }

    /// <summary>Whether the exchange <paramref name="name"/> is on the broker.</summary>
    public async Task<bool> ExchangeExistsAsync(string name)
    {
        await using var channel = await _connection.CreateChannelAsync();
        try
        {
            await channel.ExchangeDeclarePassiveAsync(name);
            return true;
        }
        catch (OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode == 404)
        {
            return false;
        }
    }

    public async Task DeleteExchangeAsync(string name)
    {
        await using var channel = await _connection.CreateChannelAsync();
        await channel.ExchangeDeleteAsync(name);
    }

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    public async ValueTask DisposeAsync() => await _connection.DisposeAsync();
}
