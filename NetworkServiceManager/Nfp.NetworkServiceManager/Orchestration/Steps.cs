using Nfp.Schema.Resources;

namespace Nfp.NetworkServiceManager.Orchestration;

/// <summary>
/// The orchestration graph (docs/orchestration.md): for each kind of operation, its steps in order, named
/// after the NFP spec. A step may name the next one itself (select_nsd goes straight to get_nsd_status
/// when it chose a device that already runs); otherwise the next in the list follows.
/// </summary>
internal sealed class Steps(
    DeviceSteps device, ConfiguratorSteps configurator, ServiceStatusSteps status, HealthSteps health, FailoverSteps failover)
{
    public const string SelectNsd = "select_nsd";
    public const string CreateNsd = "create_nsd";
    public const string GetNsdStatus = "get_nsd_status";
    public const string PlugNsdInterface = "plug_nsd_interface";
    public const string CreateNsdConfig = "create_nsd_config";
    public const string CreateNetworkServiceConfig = "create_network_service_config";
    public const string CreateNetworkServiceHealthmonitor = "create_network_service_healthmonitor";
    public const string NetworkServiceActive = "network_service_active";
    public const string DeleteNetworkServiceHealthmonitor = "delete_network_service_healthmonitor";
    public const string DeleteNetworkServiceConfig = "delete_network_service_config";
    public const string UnplugNsdInterface = "unplug_nsd_interface";
    public const string DeleteNsd = "delete_nsd";
    public const string NetworkServiceDeleted = "network_service_deleted";
    public const string UpdateNsdHealth = "update_nsd_health";
    public const string NetworkServiceMonitored = "network_service_monitored";
    public const string FailoverNsd = "failover_nsd";

    /// <summary>
    /// A create, and every reconfiguration (an update, a member or consumer added or removed, new chain
    /// parameters): the service rendered whole. Each step does only what is not done, so on a service
    /// rendered as it should be, select_nsd goes straight to create_network_service_config; on one in
    /// ERROR (a repair) it goes through the device steps, which make a dead device again.
    /// </summary>
    private static readonly string[] Render =
    [
        SelectNsd, CreateNsd, GetNsdStatus, PlugNsdInterface, CreateNsdConfig, CreateNetworkServiceConfig,
        CreateNetworkServiceHealthmonitor, NetworkServiceActive,
    ];

    private static readonly string[] Delete =
    [
        DeleteNetworkServiceHealthmonitor, DeleteNetworkServiceConfig, UnplugNsdInterface, DeleteNsd, NetworkServiceDeleted,
    ];

    /// <summary>A device's health changed, as the configurator's health monitor told (an automatic operation).</summary>
    private static readonly string[] Heal = [UpdateNsdHealth];

    /// <summary>
    /// A failover (automatic, or the operator's): the device replaced by a new one at the same addresses,
    /// configured with the service and watched again — a repair's device steps, begun by deleting the old.
    /// </summary>
    private static readonly string[] Failover =
    [
        FailoverNsd, CreateNsd, GetNsdStatus, PlugNsdInterface, CreateNsdConfig, CreateNetworkServiceConfig,
        CreateNetworkServiceHealthmonitor, NetworkServiceActive,
    ];

    /// <summary>The configurator restarted and lost its health monitors: the service's is created again (an automatic operation).</summary>
    private static readonly string[] Monitor = [CreateNetworkServiceHealthmonitor, NetworkServiceMonitored];

    /// <summary>
    /// The steps of one instance and its device, which run once for each instance of the service (both of
    /// an active-standby pair); the others act on the service as a whole.
    /// </summary>
    private static readonly HashSet<string> InstanceSteps =
    [
        SelectNsd, CreateNsd, GetNsdStatus, PlugNsdInterface, CreateNsdConfig, CreateNetworkServiceConfig,
        CreateNetworkServiceHealthmonitor, DeleteNetworkServiceHealthmonitor, DeleteNetworkServiceConfig, UnplugNsdInterface, DeleteNsd,
    ];

    public static bool OfInstance(string step) => InstanceSteps.Contains(step);

    /// <summary>
    /// What a step of an instance came to over all the service's instances: the first failure; else, if
    /// any must run again, a retry (at the soonest, awaiting what the first awaiting one awaits); else on,
    /// to the earliest step any instance named (each step does only what its instance still needs).
    /// </summary>
    public static StepOutcome Combine(OperationKind kind, string step, IReadOnlyList<StepOutcome> outcomes)
    {
        if (outcomes.Count == 1)
        {
            return outcomes[0];
        }
        if (outcomes.OfType<StepOutcome.Fail>().FirstOrDefault() is { } failed)
        {
            return failed;
        }
        var retries = outcomes.OfType<StepOutcome.Retry>().ToList();
        var detail = string.Join("; ", outcomes.Select(o => o switch
        {
            StepOutcome.Retry retry => retry.Reason,
            StepOutcome.Next next => next.Detail,
            _ => "",
        }).Where(text => text.Length > 0).Distinct());
        if (retries.Count > 0)
        {
            return new StepOutcome.Retry(retries.Min(r => r.After), detail, retries.FirstOrDefault(r => r.Awaiting is not null)?.Awaiting);
        }
        var graph = Of(kind).ToList();
        var next = outcomes.OfType<StepOutcome.Next>().Select(n => n.Step ?? After(kind, step)).MinBy(graph.IndexOf);
        return new StepOutcome.Next(next, detail);
    }

    public static IReadOnlyList<string> Of(OperationKind kind) => kind switch
    {
        OperationKind.Create or OperationKind.Update or OperationKind.PtAdd or OperationKind.PtRemove or OperationKind.ConsumerAdd
            or OperationKind.ConsumerRemove or OperationKind.ChainParams => Render,
        OperationKind.Delete => Delete,
        OperationKind.Heal => Heal,
        OperationKind.Monitor => Monitor,
        OperationKind.Failover => Failover,
        _ => throw new NotSupportedException($"No orchestration graph for {kind} operations yet."),
    };

    /// <summary>The step after <paramref name="step"/> in the graph of <paramref name="kind"/>.</summary>
    public static string After(OperationKind kind, string step)
    {
        var graph = Of(kind);
        var index = graph.ToList().IndexOf(step);
        return index >= 0 && index + 1 < graph.Count
            ? graph[index + 1]
            : throw new InvalidOperationException($"'{step}' has no next step in the {kind} graph.");
    }

    public Task<StepOutcome> RunAsync(string step, StepContext context) => step switch
    {
        SelectNsd => device.SelectNsdAsync(context),
        CreateNsd => device.CreateNsdAsync(context),
        GetNsdStatus => device.GetNsdStatusAsync(context),
        PlugNsdInterface => device.PlugNsdInterfaceAsync(context),
        CreateNsdConfig => configurator.CreateNsdConfigAsync(context),
        CreateNetworkServiceConfig => configurator.CreateNetworkServiceConfigAsync(context),
        CreateNetworkServiceHealthmonitor => configurator.CreateNetworkServiceHealthmonitorAsync(context),
        NetworkServiceActive => status.ActiveAsync(context),
        DeleteNetworkServiceHealthmonitor => configurator.DeleteNetworkServiceHealthmonitorAsync(context),
        DeleteNetworkServiceConfig => configurator.DeleteNetworkServiceConfigAsync(context),
        UnplugNsdInterface => device.UnplugNsdInterfaceAsync(context),
        DeleteNsd => device.DeleteNsdAsync(context),
        NetworkServiceDeleted => status.DeletedAsync(context),
        UpdateNsdHealth => health.UpdateNsdHealthAsync(context),
        NetworkServiceMonitored => status.MonitoredAsync(context),
        FailoverNsd => failover.FailoverNsdAsync(context),
        _ => throw new InvalidOperationException($"Unknown step '{step}'."),
    };
}
