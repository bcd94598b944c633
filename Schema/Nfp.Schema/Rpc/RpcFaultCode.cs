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
}
