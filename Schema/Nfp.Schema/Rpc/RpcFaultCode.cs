using System.Text.Json.Serialization;

namespace Nfp.Schema.Rpc;

/// <summary>Why an RPC was refused.</summary>
public enum RpcFaultCode
{
    /// <summary>The request is malformed; the fault's errors name the fields.</summary>
    [JsonStringEnumMemberName("invalid_request")] InvalidRequest,

    /// <summary>The resource does not exist.</summary>
    [JsonStringEnumMemberName("not_found")] NotFound,

    /// <summary>The resource is in a state that cannot accept the request now (e.g. PENDING_DELETE).</summary>
    [JsonStringEnumMemberName("conflict")] Conflict,

    /// <summary>The tenant's quota does not allow it; the fault's quotas say which, with the limit and the use.</summary>
    [JsonStringEnumMemberName("quota_exceeded")] QuotaExceeded,

    /// <summary>The manager could not reach what it needs (its database) in time; nothing was changed; try again.</summary>
    [JsonStringEnumMemberName("unavailable")] Unavailable,

    /// <summary>The manager failed to carry out the request (a fault of its own, in its log); nothing was changed.</summary>
    [JsonStringEnumMemberName("internal_error")] InternalError,
}
