using Nfp.Schema.Resources;
using Nfp.Schema.Rpc;
using Nfp.Schema.Validation;
using static Nfp.Schema.Validation.FieldErrorCodes;

namespace Nfp.Schema.Tests;

/// <summary>The node driver → manager contracts (<c>Nfp.Schema.Rpc</c>), one bad field at a time.</summary>
public class NodeDriverContractTests
{
    // The two address lists are declared before BadInputs, which reads them: static fields initialise in order.

    /// <summary>
    /// Not addresses, or addresses only to inet_aton: a shorthand ("10.1" is 10.0.0.1), octal ("010" is 8)
    /// or hex octets. NFP passes the text on to devices, which may read such text differently.
    /// </summary>
    private static readonly string[] MalformedIpAddresses =
        ["web-1", "10.0.0.256", "10.0.0.0/24", "10.0.0", "1", "10.1", "0x0a.0.0.1", "010.0.0.1"];

    /// <summary>Not networks: no prefix, a prefix too long, host bits set, or an inet_aton shorthand address.</summary>
    private static readonly string[] MalformedCidrs =
        ["10.0.0.0", "10.0.0.0/33", "fd00::/129", "10.0.0.0/x", "10.0.0.1/24", "10.0/16", "10/8"];

    internal static readonly IReadOnlyList<BadInput> BadInputs =
    [
        // create_network_service
        new("create: tenant_id empty UUID", () => Valid.Create() with { TenantId = Guid.Empty }, "tenant_id", Required),
        new("create: service_id empty UUID", () => Valid.Create() with { ServiceId = Guid.Empty }, "service_id", Required),
        new("create: service_profile missing", () => Valid.Create() with { ServiceProfile = null! }, "service_profile", Required),
        new("create: service_profile.id empty UUID",
            () => Valid.Create() with { ServiceProfile = Valid.ServiceProfile() with { Id = Guid.Empty } }, "service_profile.id", Required),
        new("create: service_profile.service_vendor empty",
            () => Valid.Create() with { ServiceProfile = Valid.ServiceProfile() with { ServiceVendor = "" } }, "service_profile.service_vendor", Required),
        new("create: service_profile.service_vendor blank",
            () => Valid.Create() with { ServiceProfile = Valid.ServiceProfile() with { ServiceVendor = "   " } }, "service_profile.service_vendor", Required),
        new("create: service_profile.service_vendor null",
            () => Valid.Create() with { ServiceProfile = Valid.ServiceProfile() with { ServiceVendor = null! } }, "service_profile.service_vendor", Required),
        new("create: service_profile.service_vendor too long",
            () => Valid.Create() with { ServiceProfile = Valid.ServiceProfile() with { ServiceVendor = Valid.Text(Limits.Vendor + 1) } },
            "service_profile.service_vendor", TooLong),
        new("create: service_profile.service_type unknown",
            () => Valid.Create() with { ServiceProfile = Valid.ServiceProfile() with { ServiceType = (ServiceType)99 } },
            "service_profile.service_type", UnknownValue),
        new("create: port_info missing", () => Valid.Create() with { PortInfo = null! }, "port_info", Required),
        new("create: port_info[1] null", () => Valid.Create() with { PortInfo = [Valid.Port(PortClassification.Consumer), null!] }, "port_info[1]", Required),
        new("create: port_info[1].id empty UUID",
            () => Valid.Create() with { PortInfo = [Valid.Port(PortClassification.Consumer), Valid.Port() with { Id = Guid.Empty }] }, "port_info[1].id", Required),
        new("create: port_info[0].port_policy unknown",
            () => Valid.Create() with { PortInfo = [Valid.Port() with { PortPolicy = (PortPolicy)99 }, Valid.Port(PortClassification.Consumer)] },
            "port_info[0].port_policy", UnknownValue),
        new("create: port_info[1].port_classification unknown",
            () => Valid.Create() with { PortInfo = [Valid.Port(PortClassification.Consumer), Valid.Port() with { PortClassification = (PortClassification)99 }] },
            "port_info[1].port_classification", UnknownValue),
        new("create: port_info[1].port_type unknown",
            () => Valid.Create() with { PortInfo = [Valid.Port(PortClassification.Consumer), Valid.Port() with { PortType = (PortType)99 }] }, "port_info[1].port_type", UnknownValue),
        new("create: port_info[0].network empty",
            () => Valid.Create() with { PortInfo = [Valid.Port() with { Network = "" }, Valid.Port(PortClassification.Consumer)] }, "port_info[0].network", Required),
        new("create: port_info[1].ip_address not an address",
            () => Valid.Create() with { PortInfo = [Valid.Port(PortClassification.Consumer), Valid.Port() with { IpAddress = "10.0.0.300" }] }, "port_info[1].ip_address", Malformed),
        new("create: a firewall with two consumer ports",
            () => Valid.Create() with { PortInfo = [Valid.Port(PortClassification.Consumer), Valid.Port(PortClassification.Consumer)] }, "port_info", Invalid),
        new("create: a load balancer with no provider port",
            () => LoadBalancer() with { PortInfo = [Valid.Port(PortClassification.Consumer)] }, "port_info", Invalid),
        new("create: a management port",
            () => Valid.Create() with { PortInfo = [.. Valid.Create().PortInfo, Valid.Port(PortClassification.Management)] },
            "port_info[2].port_classification", Invalid),
        new("create: port_info too many",
            () => Valid.Create() with { PortInfo = Ports(Limits.PortInfo + 1) }, "port_info", TooMany),
        new("create: port_info names one port twice", () => Valid.Create() with { PortInfo = TwoPortsWithOneId() }, "port_info", Invalid),
        new("create: name null", () => Valid.Create() with { Name = null! }, "name", Required),
        new("create: name too long", () => Valid.Create() with { Name = Valid.Text(Limits.Name + 1) }, "name", TooLong),
        new("create: description null", () => Valid.Create() with { Description = null! }, "description", Required),
        new("create: description too long",
            () => Valid.Create() with { Description = Valid.Text(Limits.Description + 1) }, "description", TooLong),
        new("create: service_chain_id empty UUID",
            () => Valid.Create() with { ServiceChainId = Guid.Empty }, "service_chain_id", Required),
        new("create: service_config not an object", () => Valid.Create() with { ServiceConfig = Valid.Json("[1, 2]") }, "service_config", Malformed),
        new("create: service_config too long",
            () => Valid.Create() with { ServiceConfig = Valid.Config(Limits.ServiceConfig + 1) }, "service_config", TooLong),
        new("create: service_config names a field twice",
            () => Valid.Create() with { ServiceConfig = Valid.Json("""{"rules": [{"action": "allow", "action": "deny"}]}""") }, "service_config", Invalid),

        // update_network_service, delete_network_service, get_network_service
        new("update: network_service_id empty UUID",
            () => Valid.Update() with { NetworkServiceId = Guid.Empty }, "network_service_id", Required),
        new("update: service_config null", () => Valid.Update() with { ServiceConfig = null }, "service_config", Required),
        new("update: service_config a string, not an object", () => Valid.Update() with { ServiceConfig = Valid.Json("\"rules\"") }, "service_config", Malformed),
        new("update: service_config too long",
            () => Valid.Update() with { ServiceConfig = Valid.Config(Limits.ServiceConfig + 1) }, "service_config", TooLong),
        new("update: service_config names a field twice",
            () => Valid.Update() with { ServiceConfig = Valid.Json("""{"psk": "a", "psk": "b"}""") }, "service_config", Invalid),
        new("delete: network_service_id empty UUID",
            () => Valid.Delete() with { NetworkServiceId = Guid.Empty }, "network_service_id", Required),
        new("retry: network_service_id empty UUID",
            () => Valid.Retry() with { NetworkServiceId = Guid.Empty }, "network_service_id", Required),
        new("failover: network_service_id empty UUID",
            () => Valid.Failover() with { NetworkServiceId = Guid.Empty }, "network_service_id", Required),
        new("failover_nsd: nsd_id empty UUID",
            () => Valid.FailoverNsd() with { NsdId = Guid.Empty }, "nsd_id", Required),
        new("get: network_service_id empty UUID",
            () => Valid.Get() with { NetworkServiceId = Guid.Empty }, "network_service_id", Required),

        // get_network_services
        new("list: tenant_id empty UUID", () => Valid.List() with { TenantId = Guid.Empty }, "tenant_id", Required),
        new("list: service_chain_id empty UUID",
            () => Valid.List() with { ServiceChainId = Guid.Empty }, "service_chain_id", Required),
        new("list: service_id empty UUID", () => Valid.List() with { ServiceId = Guid.Empty }, "service_id", Required),
        new("list: marker empty UUID", () => Valid.List() with { Marker = Guid.Empty }, "marker", Required),
        new("list: provisioning_status unknown",
            () => Valid.List() with { ProvisioningStatus = (ProvisioningStatus)99 }, "provisioning_status", UnknownValue),
        new("list: limit is 0", () => Valid.List() with { Limit = 0 }, "limit", OutOfRange),
        new("list: limit is negative", () => Valid.List() with { Limit = -1 }, "limit", OutOfRange),
        new("list: limit is above the page size", () => Valid.List() with { Limit = Limits.PageSize + 1 }, "limit", OutOfRange),

        // policy_target_added/removed_notification
        new("pt added: network_service_id empty UUID",
            () => Valid.PolicyTargetAdded() with { NetworkServiceId = Guid.Empty }, "network_service_id", Required),
        new("pt added: policy_target missing",
            () => Valid.PolicyTargetAdded() with { PolicyTarget = null! }, "policy_target", Required),
        new("pt added: id empty UUID",
            () => Valid.PolicyTargetAdded() with { PolicyTarget = Valid.PolicyTarget() with { Id = Guid.Empty } }, "policy_target.id", Required),
        new("pt added: policy_target_group_id empty UUID",
            () => Valid.PolicyTargetAdded() with { PolicyTarget = Valid.PolicyTarget() with { PolicyTargetGroupId = Guid.Empty } },
            "policy_target.policy_target_group_id", Required),
        new("pt added: ip_address empty",
            () => Valid.PolicyTargetAdded() with { PolicyTarget = Valid.PolicyTarget() with { IpAddress = "" } }, "policy_target.ip_address", Required),
        new("pt added: name too long",
            () => Valid.PolicyTargetAdded() with { PolicyTarget = Valid.PolicyTarget() with { Name = Valid.Text(Limits.Name + 1) } },
            "policy_target.name", TooLong),
        new("pt removed: network_service_id empty UUID",
            () => Valid.PolicyTargetRemoved() with { NetworkServiceId = Guid.Empty }, "network_service_id", Required),
        new("pt removed: policy_target missing",
            () => Valid.PolicyTargetRemoved() with { PolicyTarget = null! }, "policy_target", Required),
        new("pt removed: name null",
            () => Valid.PolicyTargetRemoved() with { PolicyTarget = Valid.PolicyTarget() with { Name = null! } }, "policy_target.name", Required),

        // consumer_ptg_added/removed_notification
        new("ptg added: network_service_id empty UUID",
            () => Valid.ConsumerPtgAdded() with { NetworkServiceId = Guid.Empty }, "network_service_id", Required),
        new("ptg added: consumer_ptg missing",
            () => Valid.ConsumerPtgAdded() with { ConsumerPtg = null! }, "consumer_ptg", Required),
        new("ptg added: id empty UUID",
            () => Valid.ConsumerPtgAdded() with { ConsumerPtg = Valid.Ptg() with { Id = Guid.Empty } }, "consumer_ptg.id", Required),
        new("ptg added: subnet_cidrs missing",
            () => Valid.ConsumerPtgAdded() with { ConsumerPtg = Valid.Ptg() with { SubnetCidrs = null! } }, "consumer_ptg.subnet_cidrs", Required),
        new("ptg added: subnet_cidrs[0] empty",
            () => Valid.ConsumerPtgAdded() with { ConsumerPtg = Valid.Ptg() with { SubnetCidrs = [""] } }, "consumer_ptg.subnet_cidrs[0]", Required),
        new("ptg added: subnet_cidrs too many",
            () => Valid.ConsumerPtgAdded() with { ConsumerPtg = Valid.Ptg() with { SubnetCidrs = Cidrs(Limits.Cidrs + 1) } },
            "consumer_ptg.subnet_cidrs", TooMany),
        new("ptg added: name too long",
            () => Valid.ConsumerPtgAdded() with { ConsumerPtg = Valid.Ptg() with { Name = Valid.Text(Limits.Name + 1) } }, "consumer_ptg.name", TooLong),
        new("ptg removed: network_service_id empty UUID",
            () => Valid.ConsumerPtgRemoved() with { NetworkServiceId = Guid.Empty }, "network_service_id", Required),
        new("ptg removed: consumer_ptg missing",
            () => Valid.ConsumerPtgRemoved() with { ConsumerPtg = null! }, "consumer_ptg", Required),
        new("ptg removed: subnet_cidrs[1] is not a network",
            () => Valid.ConsumerPtgRemoved() with { ConsumerPtg = Valid.Ptg() with { SubnetCidrs = ["10.0.0.0/24", "clients"] } },
            "consumer_ptg.subnet_cidrs[1]", Malformed),

        // chain_parameters_updated_notification. On the wire chain_parameters is a JSON object, so a bad
        // value is named by its key, as the JSON reader names it ("chain_parameters.mtu").
        new("chain: network_service_id empty UUID",
            () => Valid.ChainParametersUpdated() with { NetworkServiceId = Guid.Empty }, "network_service_id", Required),
        new("chain: chain_parameters missing",
            () => Valid.ChainParametersUpdated() with { ChainParameters = null! }, "chain_parameters", Required),
        new("chain: chain_parameters too many",
            () => Valid.ChainParametersUpdated() with { ChainParameters = Parameters(Limits.ChainParameters + 1) }, "chain_parameters", TooMany),
        new("chain: value of mtu null",
            () => Valid.ChainParametersUpdated() with { ChainParameters = new Dictionary<string, string> { ["vip"] = "10.0.0.1", ["mtu"] = null! } },
            "chain_parameters.mtu", Required),
        new("chain: value of mtu too long",
            () => Valid.ChainParametersUpdated() with
            {
                ChainParameters = new Dictionary<string, string> { ["vip"] = "10.0.0.1", ["mtu"] = Valid.Text(Limits.ChainParameterValue + 1) },
            },
            "chain_parameters.mtu", TooLong),

        .. MalformedIpAddresses.Select(ip => new BadInput(
            $"pt added: ip_address '{ip}'",
            () => Valid.PolicyTargetAdded() with { PolicyTarget = Valid.PolicyTarget() with { IpAddress = ip } },
            "policy_target.ip_address", Malformed)),
        .. MalformedCidrs.Select(cidr => new BadInput(
            $"ptg added: subnet_cidrs[0] '{cidr}'",
            () => Valid.ConsumerPtgAdded() with { ConsumerPtg = Valid.Ptg() with { SubnetCidrs = [cidr] } },
            "consumer_ptg.subnet_cidrs[0]", Malformed)),
    ];

    internal static readonly IReadOnlyList<GoodInput> GoodInputs =
    [
        new("create: with only the required fields",
            () => new CreateNetworkService(Guid.NewGuid(), Guid.NewGuid(), Valid.ServiceProfile(), [Valid.Port(PortClassification.Consumer), Valid.Port()])),
        new("create: vpn; gbp master port per classification",
            () => Valid.Create() with
            {
                ServiceProfile = Valid.ServiceProfile() with { ServiceType = ServiceType.Vpn },
                PortInfo = new[] { PortClassification.Consumer, PortClassification.Provider }.Select(c => Valid.Port(c) with
                {
                    PortPolicy = PortPolicy.GbpPolicyTarget,
                    PortType = PortType.Master,
                }).ToList(),
            }),
        new("create: port_info at its limit", () => LoadBalancer() with { PortInfo = Ports(Limits.PortInfo) }),
        new("create: a load balancer with one consumer and several provider ports", () => LoadBalancer() with { PortInfo = Ports(3) }),
        new("create: name at its limit", () => Valid.Create() with { Name = Valid.Text(Limits.Name) }),
        new("create: description at its limit", () => Valid.Create() with { Description = Valid.Text(Limits.Description) }),
        new("create: service_config at its limit", () => Valid.Create() with { ServiceConfig = Valid.Config(Limits.ServiceConfig) }),
        new("create: no service_config", () => Valid.Create() with { ServiceConfig = null }),
        new("create: service_vendor at its limit",
            () => Valid.Create() with { ServiceProfile = Valid.ServiceProfile() with { ServiceVendor = Valid.Text(Limits.Vendor) } }),
        new("update: service_config empty", () => Valid.Update() with { ServiceConfig = Valid.Json("{}") }),
        new("list: no filters", () => new GetNetworkServices()),
        new("list: limit 1", () => Valid.List() with { Limit = 1 }),
        new("list: limit at the page size", () => Valid.List() with { Limit = Limits.PageSize }),
        new("pt added: IPv6 address",
            () => Valid.PolicyTargetAdded() with { PolicyTarget = Valid.PolicyTarget() with { IpAddress = "2001:db8::7" } }),
        new("pt removed: name at its limit",
            () => Valid.PolicyTargetRemoved() with { PolicyTarget = Valid.PolicyTarget() with { Name = Valid.Text(Limits.Name) } }),
        new("ptg added: subnet_cidrs at its limit",
            () => Valid.ConsumerPtgAdded() with { ConsumerPtg = Valid.Ptg() with { SubnetCidrs = Cidrs(Limits.Cidrs) } }),
        new("ptg added: no subnet_cidrs", () => Valid.ConsumerPtgAdded() with { ConsumerPtg = Valid.Ptg() with { SubnetCidrs = [] } }),
        new("ptg removed: 0.0.0.0/0 and an IPv6 /128",
            () => Valid.ConsumerPtgRemoved() with { ConsumerPtg = Valid.Ptg() with { SubnetCidrs = ["0.0.0.0/0", "2001:db8::7/128"] } }),
        new("chain: at its limit",
            () => Valid.ChainParametersUpdated() with { ChainParameters = Parameters(Limits.ChainParameters) }),
        new("chain: none", () => Valid.ChainParametersUpdated() with { ChainParameters = new Dictionary<string, string>() }),
        new("chain: empty value; value and key at limit",
            () => Valid.ChainParametersUpdated() with
            {
                ChainParameters = new Dictionary<string, string>
                {
                    ["description"] = "",
                    ["user_data"] = Valid.Text(Limits.ChainParameterValue),
                    [Valid.Text(Limits.Name)] = "1",
                },
            }),
    ];

    private static readonly IReadOnlyDictionary<string, BadInput> Bad = ContractCases.ByName(BadInputs, i => i.Name);
    private static readonly IReadOnlyDictionary<string, GoodInput> Good = ContractCases.ByName(GoodInputs, i => i.Name);

    public static TheoryData<string> MissingRequired => ContractCases.Names(BadInputs, Required);
    public static TheoryData<string> Oversize => ContractCases.Names(BadInputs, TooLong, TooMany);
    public static TheoryData<string> UnknownEnumValue => ContractCases.Names(BadInputs, UnknownValue);
    public static TheoryData<string> MalformedText => ContractCases.Names(BadInputs, Malformed);
    public static TheoryData<string> InvalidValue => ContractCases.Names(BadInputs, Invalid, OutOfRange);
    public static TheoryData<string> Accepted => ContractCases.Names(GoodInputs);

    [Theory, MemberData(nameof(MissingRequired))]
    public void Request_missing_a_required_field_is_refused_as_required_naming_it(string input) =>
        ContractCases.AssertRefused(Bad[input]);

    [Theory, MemberData(nameof(Oversize))]
    public void Request_with_an_oversize_string_or_list_is_refused_naming_it(string input) =>
        ContractCases.AssertRefused(Bad[input]);

    [Theory, MemberData(nameof(UnknownEnumValue))]
    public void Request_with_an_unknown_enum_value_is_refused_as_unknown_value_naming_it(string input) =>
        ContractCases.AssertRefused(Bad[input]);

    [Theory, MemberData(nameof(MalformedText))]
    public void Request_with_a_malformed_address_or_network_is_refused_as_malformed_naming_it(string input) =>
        ContractCases.AssertRefused(Bad[input]);

    [Theory, MemberData(nameof(InvalidValue))]
    public void Request_with_an_invalid_value_is_refused_naming_it(string input) =>
        ContractCases.AssertRefused(Bad[input]);

    [Theory, MemberData(nameof(Accepted))]
    public void Valid_variant_is_accepted(string input) => ContractCases.AssertAccepted(Good[input].Contract());

    [Fact]
    public void Create_without_tenant_id_is_refused_naming_tenant_id()
    {
        var errors = Contracts.Validate(Valid.Create() with { TenantId = Guid.Empty });

        var error = Assert.Single(errors);
        Assert.Equal(("tenant_id", Required), (error.Field, error.Code));
    }

    [Fact]
    public void Create_reports_every_bad_field_not_just_the_first()
    {
        var create = Valid.Create() with
        {
            TenantId = Guid.Empty,
            ServiceProfile = Valid.ServiceProfile() with { ServiceVendor = "" },
            PortInfo = [Valid.Port(PortClassification.Consumer), Valid.Port() with { PortType = (PortType)99 }],
        };

        Assert.Equal(
            new[] { ("port_info[1].port_type", UnknownValue), ("service_profile.service_vendor", Required), ("tenant_id", Required) },
            Contracts.Validate(create).Select(e => (e.Field, e.Code)).Distinct().Order());
    }

    [Fact]
    public void Create_duplicate_port_check_compares_port_ids_only()
    {
        var ports = Ports(3);

        Assert.Empty(Contracts.Validate(LoadBalancer() with { PortInfo = ports }));
        Assert.Contains(Contracts.Validate(LoadBalancer() with { PortInfo = [.. ports, ports[1]] }),
            e => e is { Field: "port_info", Code: Invalid });
    }

    /// <summary>
    /// Field and code are for programs; the message is for the person reading the refusal, and must name
    /// the field as the client sent it (the JSON reader's messages do: "'port_info[0].port_policy' must be ...").
    /// </summary>
    [Theory]
    [InlineData("create: tenant_id empty UUID")]
    [InlineData("create: port_info[1].port_type unknown")]
    [InlineData("create: service_profile.service_vendor blank")]
    public void Error_message_names_the_field_by_its_wire_path(string input)
    {
        var bad = Bad[input];

        var errors = ContractCases.Validate(bad.Contract());

        Assert.NotEmpty(errors);
        Assert.All(errors, e => Assert.Contains($"'{bad.Field}'", e.Message, StringComparison.Ordinal));
    }

    /// <summary>
    /// A chain parameter's key has no settled wire path of its own (it is the name in the JSON object), so
    /// only the code and that the error is under chain_parameters are asserted.
    /// </summary>
    [Theory]
    [InlineData('k', 0, Required)]
    [InlineData(' ', 3, Required)]
    [InlineData('k', Limits.Name + 1, TooLong)]
    public void Chain_parameter_with_a_bad_key_is_refused_under_chain_parameters(char fill, int length, string code)
    {
        var notification = Valid.ChainParametersUpdated() with
        {
            ChainParameters = new Dictionary<string, string> { [new string(fill, length)] = "1" },
        };

        var error = Assert.Single(Contracts.Validate(notification));
        Assert.Equal(code, error.Code);
        Assert.StartsWith("chain_parameters", error.Field, StringComparison.Ordinal);
    }

    /// <summary>A consumer port, then provider ports: <paramref name="count"/> in all.</summary>
    private static List<PortInfoRequest> Ports(int count) =>
        Enumerable.Range(0, count).Select(i => Valid.Port(i == 0 ? PortClassification.Consumer : PortClassification.Provider)).ToList();

    private static CreateNetworkService LoadBalancer() =>
        Valid.Create() with { ServiceProfile = Valid.ServiceProfile() with { ServiceType = ServiceType.Loadbalancer } };

    private static List<PortInfoRequest> TwoPortsWithOneId()
    {
        var port = Valid.Port();
        return [port, port with { PortClassification = PortClassification.Consumer }];
    }

    private static List<string> Cidrs(int count) =>
        Enumerable.Range(0, count).Select(i => $"10.{i}.0.0/16").ToList();

    private static Dictionary<string, string> Parameters(int count) =>
        Enumerable.Range(0, count).ToDictionary(i => $"p{i}", i => $"{i}");
}
