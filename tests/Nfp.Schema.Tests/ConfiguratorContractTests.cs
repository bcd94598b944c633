using Nfp.Schema.Configurator;
using Nfp.Schema.Resources;
using Nfp.Schema.Validation;
using static Nfp.Schema.Validation.FieldErrorCodes;

namespace Nfp.Schema.Tests;

/// <summary>The manager ↔ configurator contracts (<c>Nfp.Schema.Configurator</c>), one bad field at a time.</summary>
public class ConfiguratorContractTests
{
    internal static readonly IReadOnlyList<BadInput> BadInputs =
    [
        // ConfiguratorCall and its body
        new("call: method unknown", () => Valid.Call() with { Method = (ConfiguratorMethod)99 }, "method", UnknownValue),
        new("call: request missing", () => Valid.Call() with { Request = null! }, "request", Required),
        new("call: request.info missing", () => Call(r => r with { Info = null! }), "request.info", Required),
        new("call: info.service_type unknown",
            () => Call(r => r with { Info = Valid.Info() with { ServiceType = (ServiceType)99 } }), "request.info.service_type", UnknownValue),
        new("call: info.service_vendor blank",
            () => Call(r => r with { Info = Valid.Info() with { ServiceVendor = " " } }), "request.info.service_vendor", Required),
        new("call: info.service_vendor too long",
            () => Call(r => r with { Info = Valid.Info() with { ServiceVendor = Valid.Text(Limits.Vendor + 1) } }),
            "request.info.service_vendor", TooLong),
        new("call: info.context missing",
            () => Call(r => r with { Info = Valid.Info() with { Context = null! } }), "request.info.context", Required),
        new("call: context.network_service_id empty UUID",
            () => CallContext(c => c with { NetworkServiceId = Guid.Empty }), "request.info.context.network_service_id", Required),
        new("call: context.nsd_id empty UUID",
            () => CallContext(c => c with { NsdId = Guid.Empty }), "request.info.context.nsd_id", Required),
        new("call: context.operation_id empty UUID",
            () => CallContext(c => c with { OperationId = Guid.Empty }), "request.info.context.operation_id", Required),
        new("call: network_service_instance_id empty UUID",
            () => CallContext(c => c with { NetworkServiceInstanceId = Guid.Empty }), "request.info.context.network_service_instance_id", Required),
        new("call: context.requester empty",
            () => CallContext(c => c with { Requester = "" }), "request.info.context.requester", Required),
        new("call: context.requester null",
            () => CallContext(c => c with { Requester = null! }), "request.info.context.requester", Required),
        new("call: context.requester too long",
            () => CallContext(c => c with { Requester = Valid.Text(Limits.Name + 1) }), "request.info.context.requester", TooLong),
        new("call: config missing", () => Call(r => r with { Config = null! }), "request.config", Required),
        new("call: config too many",
            () => Call(r => r with { Config = Resources(Limits.ConfigResources + 1) }), "request.config", TooMany),
        new("call: config[1] null", () => Call(r => r with { Config = [Valid.Resource(), null!] }), "request.config[1]", Required),
        new("call: config[1].resource unknown",
            () => Call(r => r with { Config = [Valid.Resource(), Valid.Resource() with { Resource = (ConfigResourceKind)99 }] }),
            "request.config[1].resource", UnknownValue),
        new("call: config[0].resource_data absent",
            () => Call(r => r with { Config = [Valid.Resource() with { ResourceData = default }] }), "request.config[0].resource_data", Required),
        // Present but not an object is the wrong shape, as a JSON string where a number belongs is: malformed.
        new("call: config[0].resource_data is an array",
            () => Call(r => r with { Config = [Valid.Resource() with { ResourceData = Valid.Json("[]") }] }),
            "request.config[0].resource_data", Malformed),

        // ConfiguratorNotification on its own
        new("notification: notification type unknown",
            () => Valid.ConfigNotification() with { Notification = (NotificationType)99 }, "notification", UnknownValue),
        new("notification: context missing", () => Valid.ConfigNotification() with { Context = null! }, "context", Required),
        new("notification: context.nsd_id empty UUID",
            () => Valid.ConfigNotification() with { Context = Valid.Context() with { NsdId = Guid.Empty } }, "context.nsd_id", Required),
        new("notification: created_at missing", () => Valid.ConfigNotification() with { CreatedAt = default }, "created_at", Required),
        new("notification: reason null", () => Valid.HealthNotification() with { Reason = null! }, "reason", Required),
        new("notification: ha_state on a config notification", () => Valid.ConfigNotification() with { HaState = HaState.Active }, "ha_state", Invalid),
        new("notification: ha_state unknown", () => Valid.HealthNotification() with { HaState = (HaState)9 }, "ha_state", UnknownValue),
        new("notification: reason too long",
            () => Valid.ConfigNotification() with { Reason = Valid.Text(Limits.StatusDescription + 1) }, "reason", TooLong),

        // ConfiguratorNotification: which of method, result and health each notification type carries
        new("config notification: method missing", () => Valid.ConfigNotification() with { Method = null }, "method", Required),
        new("config notification: result missing", () => Valid.ConfigNotification() with { Result = null }, "result", Required),
        new("config notification: method unknown",
            () => Valid.ConfigNotification() with { Method = (ConfiguratorMethod)99 }, "method", UnknownValue),
        new("config notification: result unknown", () => Valid.ConfigNotification() with { Result = (ConfigResult)99 }, "result", UnknownValue),
        new("config notification: carries a health",
            () => Valid.ConfigNotification() with { Health = NsdHealth.Reachable }, "health", Invalid),
        new("hm config notification: method missing",
            () => Valid.ConfigNotification() with { Notification = NotificationType.NsdHealthmonitorConfigNotification, Method = null },
            "method", Required),
        new("hm config notification: carries a health",
            () => Valid.ConfigNotification() with { Notification = NotificationType.NsdHealthmonitorConfigNotification, Health = NsdHealth.Unreachable },
            "health", Invalid),
        new("health notification: health missing", () => Valid.HealthNotification() with { Health = null }, "health", Required),
        new("health notification: health unknown", () => Valid.HealthNotification() with { Health = (NsdHealth)99 }, "health", UnknownValue),
        new("health notification: carries a method",
            () => Valid.HealthNotification() with { Method = ConfiguratorMethod.CreateNsdConfig }, "method", Invalid),
        new("health notification: carries a result", () => Valid.HealthNotification() with { Result = ConfigResult.Failure }, "result", Invalid),

        // NotificationList: the same rules, named inside the list
        new("notification list:  missing", () => new NotificationList(null!), "notifications", Required),
        new("notification list: [1] null",
            () => new NotificationList([Valid.ConfigNotification(), null!]), "notifications[1]", Required),
        new("notification list: [0].health unknown",
            () => new NotificationList([Valid.HealthNotification() with { Health = (NsdHealth)99 }]), "notifications[0].health", UnknownValue),
        new("notification list: [1].health on config notif.",
            () => new NotificationList([Valid.HealthNotification(), Valid.ConfigNotification() with { Health = NsdHealth.Reachable }]),
            "notifications[1].health", Invalid),
        new("notification list: [0].context.requester blank",
            () => new NotificationList([Valid.ConfigNotification() with { Context = Valid.Context() with { Requester = "  " } }]),
            "notifications[0].context.requester", Required),

        // What NFP itself puts in resource_data: interfaces, routes, healthmonitor
        new("interfaces: mgmt_ip_address malformed", () => Valid.Interfaces() with { MgmtIpAddress = "10.1" }, "mgmt_ip_address", Malformed),
        new("interfaces: too many", () => Valid.Interfaces() with { Interfaces = [.. Enumerable.Range(0, Limits.PortInfo + 1).Select(_ => Valid.DataInterface())] },
            "interfaces", TooMany),
        new("interfaces: [1] null", () => Valid.Interfaces() with { Interfaces = [Valid.DataInterface(), null!] }, "interfaces[1]", Required),
        new("interfaces: [0].mac malformed",
            () => Valid.Interfaces() with { Interfaces = [Valid.DataInterface() with { Mac = "02:42" }] }, "interfaces[0].mac", Malformed),
        new("interfaces: [0].cidr host bits set",
            () => Valid.Interfaces() with { Interfaces = [Valid.DataInterface() with { Cidr = "10.0.1.5/24" }] }, "interfaces[0].cidr", Malformed),
        new("interfaces: [0].ip_address outside its cidr",
            () => Valid.Interfaces() with { Interfaces = [Valid.DataInterface() with { IpAddress = "10.9.9.9" }] }, "interfaces[0].ip_address", Invalid),
        new("interfaces: [0].port_classification unknown",
            () => Valid.Interfaces() with { Interfaces = [Valid.DataInterface() with { PortClassification = (PortClassification)99 }] },
            "interfaces[0].port_classification", UnknownValue),
        new("interfaces: [0].network blank",
            () => Valid.Interfaces() with { Interfaces = [Valid.DataInterface() with { Network = " " }] }, "interfaces[0].network", Required),
        new("routes: missing", () => Valid.Routes() with { Routes = null! }, "routes", Required),
        new("routes: a destination twice", () => Valid.Routes() with { Routes = [Valid.Route(), Valid.Route()] }, "routes", Invalid),
        new("routes: too many", () => Valid.Routes() with
            {
                Routes = [.. Enumerable.Range(0, Limits.Routes + 1).Select(i => Valid.Route() with { Destination = $"10.1.{i}.0/24" })],
            }, "routes", TooMany),
        new("routes: [0].destination not a network", () => Valid.Routes() with { Routes = [Valid.Route() with { Destination = "10.1.0.1" }] },
            "routes[0].destination", Malformed),
        new("routes: [0].nexthop not an address", () => Valid.Routes() with { Routes = [Valid.Route() with { Nexthop = "gateway" }] },
            "routes[0].nexthop", Malformed),
        new("vrrp: peer_ip_address malformed", () => Valid.Vrrp() with { PeerIpAddress = "10.1" }, "peer_ip_address", Malformed),
        new("vrrp: virtual_router_id 0", () => Valid.Vrrp() with { VirtualRouterId = 0 }, "virtual_router_id", OutOfRange),
        new("vrrp: priority 255", () => Valid.Vrrp() with { Priority = 255 }, "priority", OutOfRange),
        new("vrrp: advert_interval_ms 50", () => Valid.Vrrp() with { AdvertIntervalMs = 50 }, "advert_interval_ms", OutOfRange),
        new("vrrp: advert_interval_ms not in centiseconds", () => Valid.Vrrp() with { AdvertIntervalMs = 305 }, "advert_interval_ms", Invalid),
        new("vrrp: no virtual address", () => Valid.Vrrp() with { VirtualAddresses = [] }, "virtual_addresses", Required),
        new("vrrp: [0].mac malformed",
            () => Valid.Vrrp() with { VirtualAddresses = [Valid.VirtualAddress() with { Mac = "eth1" }] }, "virtual_addresses[0].mac", Malformed),
        new("vrrp: [0].ip_address outside its cidr",
            () => Valid.Vrrp() with { VirtualAddresses = [Valid.VirtualAddress() with { IpAddress = "10.9.9.9" }] }, "virtual_addresses[0].ip_address", Invalid),
        new("healthmonitor: mgmt_ip_address empty", () => Valid.Healthmonitor() with { MgmtIpAddress = "" }, "mgmt_ip_address", Required),
        new("healthmonitor: periodicity unknown", () => Valid.Healthmonitor() with { Periodicity = (HealthmonitorPeriodicity)9 }, "periodicity", UnknownValue),
        new("healthmonitor: interval_ms below 50", () => Valid.Healthmonitor() with { IntervalMs = 49 }, "interval_ms", OutOfRange),
        new("healthmonitor: failures above 100", () => Valid.Healthmonitor() with { Failures = 101 }, "failures", OutOfRange),
    ];

    internal static readonly IReadOnlyList<GoodInput> GoodInputs =
    [
        .. Enum.GetValues<ConfiguratorMethod>().Select(method => new GoodInput(
            $"call: method {method}", () => Valid.Call() with { Method = method })),
        new("call: device-wide config (no instance)",
            () => CallContext(c => c with { NetworkServiceInstanceId = null })),
        new("call: no resources", () => Call(r => r with { Config = [] })),
        new("call: resources at their limit", () => Call(r => r with { Config = Resources(Limits.ConfigResources) })),
        new("call: every resource kind",
            () => Call(r => r with { Config = Enum.GetValues<ConfigResourceKind>().Select(k => Valid.Resource() with { Resource = k }).ToList() })),
        new("call: vendor and requester at their limits",
            () => Call(r => r with
            {
                Info = Valid.Info() with
                {
                    ServiceVendor = Valid.Text(Limits.Vendor),
                    Context = Valid.Context() with { Requester = Valid.Text(Limits.Name) },
                },
            })),
        new("config notification: failure, reason at limit",
            () => Valid.ConfigNotification() with { Result = ConfigResult.Failure, Reason = Valid.Text(Limits.StatusDescription) }),
        new("healthmonitor config notification",
            () => Valid.ConfigNotification() with
            {
                Notification = NotificationType.NsdHealthmonitorConfigNotification,
                Method = ConfiguratorMethod.CreateNetworkServiceHealthmonitor,
            }),
        new("health notification: reachable, no reason", () => Valid.HealthNotification() with { Health = NsdHealth.Reachable, Reason = "" }),
        new("notification list: empty", () => new NotificationList([])),
        new("healthmonitor: defaults (no interval_ms, no failures)", () => Valid.Healthmonitor() with { IntervalMs = null, Failures = null }),
        new("healthmonitor: limits", () => Valid.Healthmonitor() with { IntervalMs = 60_000, Failures = 1 }),
        new("interfaces: none", () => Valid.Interfaces() with { Interfaces = [] }),
    ];

    private static readonly IReadOnlyDictionary<string, BadInput> Bad = ContractCases.ByName(BadInputs, i => i.Name);
    private static readonly IReadOnlyDictionary<string, GoodInput> Good = ContractCases.ByName(GoodInputs, i => i.Name);

    public static TheoryData<string> MissingRequired => ContractCases.Names(BadInputs, Required);
    public static TheoryData<string> Oversize => ContractCases.Names(BadInputs, TooLong, TooMany);
    public static TheoryData<string> UnknownEnumValue => ContractCases.Names(BadInputs, UnknownValue);
    public static TheoryData<string> WrongShape => ContractCases.Names(BadInputs, Malformed);
    public static TheoryData<string> BadCombination => ContractCases.Names(BadInputs, Invalid);
    public static TheoryData<string> BeyondLimits => ContractCases.Names(BadInputs, OutOfRange);
    public static TheoryData<string> Accepted => ContractCases.Names(GoodInputs);

    [Theory, MemberData(nameof(MissingRequired))]
    public void Configurator_message_missing_a_required_field_is_refused_as_required_naming_it(string input) =>
        ContractCases.AssertRefused(Bad[input]);

    [Theory, MemberData(nameof(Oversize))]
    public void Configurator_message_with_an_oversize_string_or_list_is_refused_naming_it(string input) =>
        ContractCases.AssertRefused(Bad[input]);

    [Theory, MemberData(nameof(UnknownEnumValue))]
    public void Configurator_message_with_an_unknown_enum_value_is_refused_as_unknown_value_naming_it(string input) =>
        ContractCases.AssertRefused(Bad[input]);

    [Theory, MemberData(nameof(WrongShape))]
    public void Configurator_message_with_a_field_of_the_wrong_shape_is_refused_as_malformed_naming_it(string input) =>
        ContractCases.AssertRefused(Bad[input]);

    [Theory, MemberData(nameof(BadCombination))]
    public void Configurator_message_whose_fields_do_not_hold_together_is_refused_as_invalid_naming_it(string input) =>
        ContractCases.AssertRefused(Bad[input]);

    [Theory, MemberData(nameof(BeyondLimits))]
    public void Configurator_message_with_a_number_beyond_its_limits_is_refused_as_out_of_range_naming_it(string input) =>
        ContractCases.AssertRefused(Bad[input]);

    [Theory, MemberData(nameof(Accepted))]
    public void Valid_configurator_variant_is_accepted(string input) => ContractCases.AssertAccepted(Good[input].Contract());

    [Fact]
    public void Call_without_nsd_id_is_refused_naming_request_info_context_nsd_id()
    {
        var error = Assert.Single(Contracts.Validate(CallContext(c => c with { NsdId = Guid.Empty })));

        Assert.Equal(("request.info.context.nsd_id", Required), (error.Field, error.Code));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(Limits.NotificationWaitMilliseconds + 1)]
    public void Get_notifications_waits_at_most_three_seconds(int wait)
    {
        Assert.Empty(Contracts.Validate(new GetNotifications()));
        Assert.Empty(Contracts.Validate(new GetNotifications(Limits.NotificationWaitMilliseconds)));

        var error = Assert.Single(Contracts.Validate(new GetNotifications(wait)));

        Assert.Equal(("wait_milliseconds", OutOfRange), (error.Field, error.Code));
    }

    [Fact]
    public void Get_notifications_acknowledges_a_number_of_zero_or_more()
    {
        Assert.Empty(Contracts.Validate(new GetNotifications(Acknowledged: 0, ConfiguratorInstance: Guid.NewGuid())));
        Assert.Empty(Contracts.Validate(new GetNotifications(Acknowledged: long.MaxValue)));

        var error = Assert.Single(Contracts.Validate(new GetNotifications(Acknowledged: -1)));

        Assert.Equal(("acknowledged", OutOfRange), (error.Field, error.Code));
    }

    private static ConfiguratorCall Call(Func<ConfigRequest, ConfigRequest> edit) => Valid.Call() with { Request = edit(Valid.Request()) };

    private static ConfiguratorCall CallContext(Func<ConfigContext, ConfigContext> edit) =>
        Call(r => r with { Info = Valid.Info() with { Context = edit(Valid.Context()) } });

    private static List<ConfigResource> Resources(int count) =>
        Enumerable.Range(0, count).Select(_ => Valid.Resource()).ToList();
}
