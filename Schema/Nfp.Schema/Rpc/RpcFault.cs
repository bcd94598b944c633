using System.Text.Json.Serialization;
using Nfp.Schema.Validation;

namespace Nfp.Schema.Rpc;

/// <summary>
/// The typed refusal of an RPC: nothing was changed. <see cref="Errors"/> names each bad field when
/// <see cref="Code"/> is invalid_request; <see cref="Quotas"/>, present only when it is quota_exceeded,
/// each quota the request would go over.
/// </summary>
public sealed record RpcFault(
    RpcFaultCode Code,
    string Message,
    IReadOnlyList<FieldError> Errors,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<QuotaUse>? Quotas = null);
