using Nfp.Schema.Rpc;

namespace Nfp.NodeDriver;

/// <summary>The manager refused an RPC; <see cref="Fault"/> says why (and names the fields of an invalid request).</summary>
public sealed class NetworkServiceRpcException(RpcFault fault)
    : Exception($"{Schema.Json.NfpJson.WireName(fault.Code)}: {fault.Message}" +
                string.Concat(fault.Errors.Select(e => $" {e.Field}: {e.Message}")))
{
    public RpcFault Fault { get; } = fault;
}
