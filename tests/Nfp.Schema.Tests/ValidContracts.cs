using System.Text.Json;
using Nfp.Schema.Configurator;
using Nfp.Schema.Resources;
using Nfp.Schema.Rpc;

namespace Nfp.Schema.Tests;

/// <summary>
/// One valid instance of every contract, fresh on each call. Tests make bad inputs from these with
/// <c>with { ... }</c>, so each bad input differs from a valid one in exactly the field under test.
/// </summary>
internal static class Valid
{
    public static ServiceProfile ServiceProfile() => new(Guid.NewGuid(), ServiceType.Firewall, "vyos", AllowSharing: true);

    public static PortInfoRequest Port(PortClassification classification = PortClassification.Provider) =>
        new(Guid.NewGuid(), PortPolicy.NeutronPort, classification, "tenant-web", PortType.Active);

    public static CreateNetworkService Create() => new(
        Guid.NewGuid(),
        Guid.NewGuid(),
        ServiceProfile(),
        [Port(PortClassification.Provider), Port(PortClassification.Consumer)],
        Name: "fw-1",
        Description: "firewall between web and db",
        ServiceChainId: Guid.NewGuid(),
        ServiceConfig: Json("""{"rules":[]}"""));

    public static UpdateNetworkService Update() => new(Guid.NewGuid(), Json("""{"rules":[]}"""));

    public static DeleteNetworkService Delete() => new(Guid.NewGuid());

    public static RetryNetworkService Retry() => new(Guid.NewGuid());

    public static FailoverNetworkService Failover() => new(Guid.NewGuid());

    public static FailoverNsd FailoverNsd() => new(Guid.NewGuid());

    public static GetNetworkService Get() => new(Guid.NewGuid());

    public static GetNetworkServices List() =>
        new(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), ProvisioningStatus.Active, Limit: 50, Marker: Guid.NewGuid());

    public static PolicyTarget PolicyTarget() => new(Guid.NewGuid(), Guid.NewGuid(), "10.0.0.5", "web-1");

    public static PolicyTargetGroup Ptg() => new(Guid.NewGuid(), ["10.0.0.0/24", "fd00:1::/64"], "clients");

    public static PolicyTargetAddedNotification PolicyTargetAdded() => new(Guid.NewGuid(), PolicyTarget());

    public static PolicyTargetRemovedNotification PolicyTargetRemoved() => new(Guid.NewGuid(), PolicyTarget());

    public static ConsumerPtgAddedNotification ConsumerPtgAdded() => new(Guid.NewGuid(), Ptg());

    public static ConsumerPtgRemovedNotification ConsumerPtgRemoved() => new(Guid.NewGuid(), Ptg());

    public static ChainParametersUpdatedNotification ChainParametersUpdated() =>
        new(Guid.NewGuid(), new Dictionary<string, string> { ["mtu"] = "1450", ["vip"] = "10.0.0.100" });

    public static ConfigContext Context() =>
        new(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), "orchestrator", NetworkServiceInstanceId: Guid.NewGuid());

    public static ConfigInfo Info() => new(ServiceType.Firewall, "vyos", Context());

    public static ConfigResource Resource() => new(ConfigResourceKind.Firewall, Json("""{"rules":[{"action":"allow"}]}"""));

    public static ConfigRequest Request() => new(Info(), [Resource(), Resource() with { Resource = ConfigResourceKind.Routes }]);

    public static ConfiguratorCall Call() => new(ConfiguratorMethod.CreateNetworkServiceConfig, Request());

    public static ConfiguratorNotification ConfigNotification() => new(
        NotificationType.NsdConfigNotification, Context(), DateTimeOffset.UtcNow,
        Method: ConfiguratorMethod.CreateNetworkServiceConfig, Result: ConfigResult.Success);

    public static ConfiguratorNotification HealthNotification() => new(
        NotificationType.NsdHealthStatusNotification, Context(), DateTimeOffset.UtcNow,
        Health: NsdHealth.Unreachable, Reason: "no reply to ping");

    public static GetNotifications GetNotifications() => new();

    public static NotificationList NotificationList() => new([ConfigNotification(), HealthNotification()]);

    public static DataInterface DataInterface() =>
        new(Guid.NewGuid(), PortClassification.Consumer, "tenant-users", "10.0.1.5", "10.0.1.0/24", "02:42:0a:00:01:05");

    public static InterfacesData Interfaces() => new("172.16.0.5", [DataInterface(), DataInterface() with { Network = "tenant-web", IpAddress = "10.0.2.5", Cidr = "10.0.2.0/24" }]);

    public static Route Route() => new("10.1.0.0/24", "10.0.2.1");

    public static RoutesData Routes() => new("172.16.0.5", [Route(), Route() with { Destination = "fd00:1::/64", Nexthop = "fd00:2::1" }]);

    public static HealthmonitorData Healthmonitor() => new("172.16.0.5", HealthmonitorPeriodicity.Forever, IntervalMs: 400, Failures: 3);

    public static VirtualAddress VirtualAddress() => new("10.0.1.100", "10.0.1.0/24", "02:42:0a:00:01:05");

    public static VrrpData Vrrp() => new("172.16.0.5", "172.16.0.6", 51, 110, 300, [VirtualAddress(), VirtualAddress() with { IpAddress = "10.0.2.100", Cidr = "10.0.2.0/24" }]);

    /// <summary>A valid example of every type that has a validator, by type.</summary>
    public static readonly IReadOnlyDictionary<Type, Func<object>> ByContract = new Func<object>[]
    {
        ServiceProfile, () => Port(), Create, Update, Delete, Retry, Failover, FailoverNsd, Get, List, PolicyTarget, Ptg,
        PolicyTargetAdded, PolicyTargetRemoved, ConsumerPtgAdded, ConsumerPtgRemoved, ChainParametersUpdated,
        Context, Info, Request, Call, ConfigNotification, GetNotifications, NotificationList,
        Interfaces, Route, Routes, Healthmonitor, Vrrp,
    }.ToDictionary(make => make().GetType());

    public static JsonElement Json(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    /// <summary>A service_config of exactly <paramref name="length"/> characters of JSON.</summary>
    public static JsonElement Config(int length) => Json($"{{\"x\":\"{new string('x', length - 8)}\"}}");

    /// <summary>A string of <paramref name="length"/> characters.</summary>
    public static string Text(int length) => new('x', length);
}
