using Nfp.Schema.Rpc;

namespace Nfp.Schema.Resources;

/// <summary>
/// A service's members (the provider group's policy targets) as its operations leave them: those its
/// create carried, then each pt_add adds (or replaces, by id) and each pt_remove takes away, in order.
/// They are kept only as these operations' parameters, so they are exactly what the node driver said, and
/// replaying them gives the same list on every manager instance, after any restart.
/// </summary>
public static class ServiceMembers
{
    /// <summary>The operation kinds that change the members.</summary>
    public static readonly IReadOnlySet<OperationKind> Changes = new HashSet<OperationKind> { OperationKind.Create, OperationKind.PtAdd, OperationKind.PtRemove };

    /// <summary>The members after <paramref name="changes"/>: the service's create, pt_add and pt_remove operations, in the order they were accepted.</summary>
    public static IReadOnlyList<PolicyTarget> Replay(IEnumerable<Operation> changes)
    {
        var members = new List<PolicyTarget>();
        foreach (var change in changes)
        {
            if (change.Kind == OperationKind.Create)
            {
                members.AddRange(change.ParametersAs<CreateParameters>().PolicyTargets);
                continue;
            }
            var target = change.ParametersAs<PolicyTargetChange>().PolicyTarget;
            members.RemoveAll(m => m.Id == target.Id);
            if (change.Kind == OperationKind.PtAdd)
            {
                members.Add(target);
            }
        }
        return members;
    }
}
