using System.Text.Json;
using MassTransit;
using Nfp.Schema.Rpc;
using Nfp.Schema.Validation;

namespace Nfp.NetworkServiceManager.Rpc;

/// <summary>
/// Answers, on an RPC's queue, what MassTransit could not hand to the consumer: a body that is not JSON,
/// not an envelope object, with a <c>message_id</c> or <c>request_id</c> that is not a UUID, of another
/// message type, or whose <c>message</c> does not read as
/// <typeparamref name="TRequest"/> (a malformed UUID, an unknown field or enum value, a missing field). It
/// stands in for MassTransit's dead-letter pipe (what no consumer took: moved to <c>_skipped</c>) and error
/// pipe (what failed before the consumer: moved to <c>_error</c>, with a Fault message to the client), so
/// the client gets the <see cref="RpcFault"/> docs/rpc.md promises, naming the fields as the wire has
/// them, and nothing is kept on the broker. The request is read again here, leniently, only to find where
/// to answer and why it was refused; nothing is carried out.
/// </summary>
internal sealed class UnreadableRequestFilter<TRequest>(RpcAnswers answers) : IFilter<ReceiveContext>, IFilter<ExceptionReceiveContext>
    where TRequest : class
{
    private static readonly string MessageType = MessageUrn.ForTypeString<TRequest>();

    /// <summary>What no consumer took — unless the error pipe refused it already (MassTransit hands a request that failed to both).</summary>
    public Task Send(ReceiveContext context, IPipe<ReceiveContext> next) =>
        context.TryGetPayload<Refused>(out _) ? Task.CompletedTask : RefuseAsync(context);

    /// <summary>What failed before the consumer (it could not be read).</summary>
    public Task Send(ExceptionReceiveContext context, IPipe<ExceptionReceiveContext> next)
    {
        context.GetOrAddPayload(() => new Refused());
        return RefuseAsync(context);
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("rpc-refuse-unreadable");

    private async Task RefuseAsync(ReceiveContext context)
    {
        JsonElement? envelope = null;
        string? notJson = null;
        try
        {
            using var document = JsonDocument.Parse(context.Body.GetBytes());
            envelope = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            notJson = e.Message;
        }
        var reply = RpcReply.For(context, Text(envelope, "response_address") is { } address && Uri.TryCreate(address, UriKind.Absolute, out var uri) ? uri : null,
            Guid.TryParse(Text(envelope, "request_id"), out var requestId) ? requestId : null);
        if (reply is null)
        {
            answers.Unanswerable(context.InputAddress.AbsolutePath);
            return;
        }
        var errors = notJson is not null
            ? [new FieldError("", FieldErrorCodes.Malformed, $"The request is not JSON: {notJson}")]
            : Why(envelope!.Value);
        await reply.SendAsync(context, new RpcFault(RpcFaultCode.InvalidRequest, $"The request on this queue must be a {typeof(TRequest).Name}; it could not be read.", errors),
            context.CancellationToken);
    }

    /// <summary>What is wrong with the envelope, or with its message read as <typeparamref name="TRequest"/>.</summary>
    private static IReadOnlyList<FieldError> Why(JsonElement envelope)
    {
        if (envelope.ValueKind != JsonValueKind.Object)
        {
            return [new FieldError("", FieldErrorCodes.Malformed, "The request must be a JSON object: the envelope of docs/rpc.md.")];
        }
        // MassTransit holds these as UUIDs and cannot carry out a request whose ids it cannot read.
        foreach (var id in (string[])["message_id", "request_id"])
        {
            if (envelope.TryGetProperty(id, out var value) && !IsReadableId(value))
            {
                return [new FieldError(id, FieldErrorCodes.MalformedUuid, $"'{id}' must be a UUID when given (docs/rpc.md).")];
            }
        }
        var types = envelope.TryGetProperty("message_type", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Select(t => Text(t)).ToList()
            : [];
        if (!types.Contains(MessageType))
        {
            return [new FieldError("message_type", FieldErrorCodes.UnknownValue, $"'message_type' must list {MessageType} on this queue.")];
        }
        if (!envelope.TryGetProperty("message", out var message) || message.ValueKind == JsonValueKind.Null)
        {
            return [new FieldError("message", FieldErrorCodes.Required, "'message' is required: the request itself.")];
        }
        if (message.ValueKind != JsonValueKind.Object)
        {
            return [new FieldError("message", FieldErrorCodes.Malformed, "'message' must be a JSON object.")];
        }
        var read = Contracts.Read<TRequest>(message);
        return read.Errors.Count > 0
            ? read.Errors
            : [new FieldError("", FieldErrorCodes.Malformed, "The envelope could not be read (docs/rpc.md says what it holds).")];
    }

    /// <summary>An envelope id as MassTransit reads it: null, blank or a UUID.</summary>
    private static bool IsReadableId(JsonElement value) =>
        value.ValueKind == JsonValueKind.Null || Text(value) is { } text && (string.IsNullOrWhiteSpace(text) || Guid.TryParse(text, out _));

    /// <summary>Marks a request the error pipe refused.</summary>
    private sealed class Refused;

    private static string? Text(JsonElement? element, string name) =>
        element is { ValueKind: JsonValueKind.Object } value && value.TryGetProperty(name, out var property) ? Text(property) : null;

    /// <summary>
    /// A JSON string's text; null for any other value, and for a string that is not text — a lone surrogate
    /// escape (<c>"\ud800"</c>), which JSON allows but a .NET string cannot hold: its refusal must still be
    /// answered (the exception would leave the request unanswered, redelivered for ever).
    /// </summary>
    private static string? Text(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            return null;
        }
        try
        {
            return value.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }
}
