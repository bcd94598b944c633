using Nfp.Schema.Resources;

namespace Nfp.NetworkServiceManager.Rpc;

internal static class Operations
{
    /// <summary>A new operation a caller asked for, on a network service, not started yet.</summary>
    public static Operation New(OperationKind kind, Guid networkServiceId) =>
        new(Guid.NewGuid(), kind, ResourceType.NetworkService, networkServiceId, OperationState.Starting, false, "", default, default, default, 0);
}
