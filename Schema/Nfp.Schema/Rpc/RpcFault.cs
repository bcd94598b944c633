using Nfp.Schema.Validation;

namespace Nfp.Schema.Rpc;

/// <summary>
/// The typed refusal of an RPC: nothing was changed. <see cref="Errors"/> names each bad field when
/// <see cref="Code"/> is invalid_request.
/// </summary>
public sealed record RpcFault(RpcFaultCode Code, string Message, IReadOnlyList<FieldError> Errors);
