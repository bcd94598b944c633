using System.Text.Json;
using Nfp.NetworkServiceManager.Persistence;
using Nfp.Schema.Json;
using Nfp.Schema.Resources;
using Nfp.Schema.Rpc;

namespace Nfp.NetworkServiceManager.Orchestration;

/// <summary>Reads what a network service's instance is made of: its ports, its device, its members.</summary>
internal sealed class ServiceParts(NetworkServiceDeviceRepository devices, PortInfoRepository ports, OperationRepository operations)
{
    /// <summary>
    /// The service's members (the provider group's policy targets) as of <paramref name="operation"/>: those
    /// its create carried, then each pt_add adds (or replaces, by id) and each pt_remove takes away, in
    /// order. They are kept only as these operations' parameters, so they are exactly what the node
    /// driver said, and replaying them gives the same list on every instance, after any restart.
    /// </summary>
    public async Task<IReadOnlyList<PolicyTarget>> MembersAsync(Operation operation, CancellationToken cancellationToken)
    {
        var members = new List<PolicyTarget>();
        foreach (var (kind, parameters) in await operations.MemberChangesAsync(operation.ResourceId, operation.Id, cancellationToken))
        {
            if (kind == OperationKind.Create)
            {
                members.AddRange(parameters.TryGetProperty("policy_targets", out var targets)
                    ? targets.Deserialize<List<PolicyTarget>>(NfpJson.Options)! : []);
                continue;
            }
            var target = parameters.GetProperty("policy_target").Deserialize<PolicyTarget>(NfpJson.Options)!;
            members.RemoveAll(m => m.Id == target.Id);
            if (kind == OperationKind.PtAdd)
            {
                members.Add(target);
            }
        }
        return members;
    }

    /// <summary>The instance's ports, in the order the create gave them.</summary>
    public async Task<IReadOnlyList<PortInfo>> PortsAsync(NetworkServiceInstance instance, CancellationToken cancellationToken)
    {
        var rows = (await ports.GetManyAsync(instance.PortInfo, cancellationToken: cancellationToken)).ToDictionary(p => p.Id);
        return instance.PortInfo.Select(id => rows[id]).ToList();
    }

    /// <summary>The device the instance is rendered on, or null before select_nsd chose one.</summary>
    public async Task<NetworkServiceDevice?> DeviceAsync(NetworkServiceInstance instance, CancellationToken cancellationToken) =>
        instance.NsdId is { } nsdId ? await devices.GetAsync(nsdId, cancellationToken: cancellationToken) : null;
}
