using System.Text.Json;
using Nfp.Schema.Json;
using Nfp.Schema.Resources;

namespace Nfp.NetworkServiceManager.Rpc;

internal static class Operations
{
    private static readonly JsonElement NoParameters = JsonSerializer.SerializeToElement(new { });

    /// <summary>
    /// A new operation on a network service, not started yet, carrying <paramref name="parameters"/> if
    /// any: one a caller asked for, or one the manager made itself (<paramref name="isAutomatic"/>).
    /// </summary>
    public static Operation New(OperationKind kind, Guid networkServiceId, object? parameters = null, bool isAutomatic = false) =>
        new(Guid.NewGuid(), kind, ResourceType.NetworkService, networkServiceId, OperationState.Starting, isAutomatic, "", "", 0, null,
            parameters is null ? NoParameters : JsonSerializer.SerializeToElement(parameters, NfpJson.Options),
            default, default, default, 0);
}
