namespace Nfp.Schema.Resources;

/// <summary>The life cycles of NFP's resources: which state may follow which.</summary>
public static class LifeCycles
{
    /// <summary>
    /// A resource is born PENDING_CREATE. A delete may arrive at any time before DELETED (the GBP "path"
    /// rule: a delete during a create cancels it). ERROR is left only by a retry (PENDING_UPDATE) or a
    /// delete. Nothing moves to itself: a step that finds the resource where it wanted it writes nothing.
    /// </summary>
    public static readonly Transitions<ProvisioningStatus> Provisioning = new(new Dictionary<ProvisioningStatus, ProvisioningStatus[]>
    {
        [ProvisioningStatus.PendingCreate] = [ProvisioningStatus.Active, ProvisioningStatus.Error, ProvisioningStatus.PendingDelete],
        [ProvisioningStatus.Active] = [ProvisioningStatus.PendingUpdate, ProvisioningStatus.PendingDelete, ProvisioningStatus.Error],
        [ProvisioningStatus.PendingUpdate] = [ProvisioningStatus.Active, ProvisioningStatus.Error, ProvisioningStatus.PendingDelete],
        [ProvisioningStatus.Error] = [ProvisioningStatus.PendingUpdate, ProvisioningStatus.PendingDelete],
        [ProvisioningStatus.PendingDelete] = [ProvisioningStatus.Deleted, ProvisioningStatus.Error],
        [ProvisioningStatus.Deleted] = [],
    });

    /// <summary>
    /// STARTING → PROCESSING → COMPLETED, with a failure possible from either of the first two;
    /// FAILED_TEMP is retried (PROCESSING) or given up (FAILED). COMPLETED and FAILED are final.
    /// </summary>
    public static readonly Transitions<OperationState> Operation = new(new Dictionary<OperationState, OperationState[]>
    {
        [OperationState.Starting] = [OperationState.Processing, OperationState.FailedTemp, OperationState.Failed],
        [OperationState.Processing] = [OperationState.Completed, OperationState.FailedTemp, OperationState.Failed],
        [OperationState.FailedTemp] = [OperationState.Processing, OperationState.Failed],
        [OperationState.Completed] = [],
        [OperationState.Failed] = [],
    });

    /// <summary>Operating status is an observation, not a life cycle: any value may follow any other.</summary>
    public static readonly Transitions<OperatingStatus> Operating = new(
        Enum.GetValues<OperatingStatus>().ToDictionary(status => status, _ => Enum.GetValues<OperatingStatus>()));
}
