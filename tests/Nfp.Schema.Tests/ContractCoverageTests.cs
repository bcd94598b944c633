using Nfp.Schema.Configurator;
using Nfp.Schema.Resources;
using Nfp.Schema.Rpc;
using Nfp.Schema.Validation;

namespace Nfp.Schema.Tests;

/// <summary>
/// Every contract has a validator, and these tests hold a valid and a refused example of it, so a
/// contract added later without either fails CI.
/// </summary>
public class ContractCoverageTests
{
    private static readonly string[] ContractNamespaces = ["Nfp.Schema.Rpc", "Nfp.Schema.Configurator"];

    /// <summary>
    /// What the manager itself produces as answers; it never reads them from anyone, so they have no
    /// validator: the accepted write, a service with what NFP allocated for it (and its ports), the page of
    /// services, and the refusal (with the quotas a create would go over).
    /// </summary>
    private static readonly Type[] Replies =
        [typeof(NetworkServiceAccepted), typeof(NetworkServiceDetail), typeof(ServicePort), typeof(NetworkServiceList), typeof(RpcFault), typeof(QuotaUse)];

    /// <summary>
    /// Parts with no validator of their own, checked inline by their parent's validator.
    /// ConfigResource: ConfigRequestValidator's ChildRules (resource is known, resource_data is an object);
    /// DataInterface: InterfacesDataValidator's; VirtualAddress: VrrpDataValidator's.
    /// The other parts (ServiceProfile, PortInfoRequest, PolicyTarget, PolicyTargetGroup, ConfigRequest,
    /// ConfigInfo, ConfigContext) have validators of their own, which their parents reuse, so they are
    /// held to the rule like any contract; a part added later must either get one or be listed here.
    /// </summary>
    private static readonly Type[] ValidatedInline = [typeof(ConfigResource), typeof(DataInterface), typeof(VirtualAddress)];

    /// <summary>
    /// Parts, reached only through a message, whose refused examples are in the parents' cases (e.g.
    /// "create: port_info[1].port_type is unknown") rather than on their own.
    /// </summary>
    private static readonly Type[] Parts =
    [
        typeof(ServiceProfile), typeof(PortInfoRequest), typeof(PolicyTarget), typeof(PolicyTargetGroup),
        typeof(ConfigRequest), typeof(ConfigInfo), typeof(ConfigContext), typeof(ConfigResource), typeof(DataInterface), typeof(Route),
        typeof(VirtualAddress),
    ];

    /// <summary>Every public record in the contract namespaces.</summary>
    private static IEnumerable<Type> ContractRecords() =>
        typeof(Contracts).Assembly.GetExportedTypes()
            .Where(t => ContractNamespaces.Contains(t.Namespace) && t.IsClass && t.GetMethod("<Clone>$") is not null);

    private static IEnumerable<Type> ContractsRequiringAValidator() => ContractRecords().Except(Replies).Except(ValidatedInline);

    /// <summary>
    /// The messages, less get_notifications: it has no fields for a validator to refuse (see
    /// Get_notifications_has_no_field_to_get_wrong); its bad input, an unknown field, is in JsonReadingTests.
    /// </summary>
    private static IEnumerable<Type> Messages() => ContractRecords().Except(Replies).Except(Parts).Except([typeof(GetNotifications)]);

    public static TheoryData<string> ContractNames => new(ContractsRequiringAValidator().Select(t => t.FullName!));

    public static TheoryData<string> MessageNames => new(Messages().Select(t => t.FullName!));

    [Fact]
    public void Contract_records_are_found_in_both_namespaces()
    {
        var records = ContractRecords().ToList();

        Assert.Contains(typeof(CreateNetworkService), records);
        Assert.Contains(typeof(ConfiguratorCall), records);
        Assert.Contains(typeof(GetNotifications), records);
        Assert.DoesNotContain(typeof(PortPolicy), records);
        Assert.Subset(records.ToHashSet(), Replies.Concat(ValidatedInline).Concat(Parts).ToHashSet());
    }

    [Theory, MemberData(nameof(ContractNames))]
    public void Contract_has_a_validator(string contract) =>
        Assert.Contains(contract, Contracts.ValidatedTypes.Select(t => t.FullName));

    [Theory, MemberData(nameof(ContractNames))]
    public void Contract_has_a_valid_example_that_its_validator_accepts(string contract)
    {
        var example = Assert.Single(Valid.ByContract, pair => pair.Key.FullName == contract).Value();

        ContractCases.AssertAccepted(example);
    }

    [Theory, MemberData(nameof(MessageNames))]
    public void Message_has_a_refused_example_in_these_tests(string message)
    {
        var refused = NodeDriverContractTests.BadInputs.Concat(ConfiguratorContractTests.BadInputs);

        Assert.Contains(refused, input => input.Contract().GetType().FullName == message);
    }

    [Fact]
    public void Manager_replies_are_not_read_through_the_contract_door()
    {
        Assert.All(Replies, reply => Assert.DoesNotContain(reply, Contracts.ValidatedTypes));
        Assert.Throws<InvalidOperationException>(() =>
            Contracts.Validate(new NetworkServiceAccepted(Guid.NewGuid(), Guid.NewGuid(), ProvisioningStatus.PendingCreate)));
    }
}
