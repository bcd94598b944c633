using MassTransit;
using Microsoft.Extensions.Options;
using Nfp.NetworkServiceManager.Messaging;
using Nfp.Schema.Resources;
using Nfp.Schema.Rpc;

namespace Nfp.NetworkServiceManager.Rpc;

// The node driver's five notifications: each reconfigures the live service, carrying what changed to
// the operation's parameters (get_network_service_config_info reads them there). See ServiceWrites.

/// <summary>policy_target_added_notification: a pt_add operation with the policy target.</summary>
internal sealed class PolicyTargetAddedConsumer(ServiceWrites writes, RpcAnswers answers) : RpcConsumer<PolicyTargetAddedNotification>(answers)
{
    protected override Task AnswerAsync(RpcCall<PolicyTargetAddedNotification> call) =>
        writes.ReconfigureAsync(call, call.Message.NetworkServiceId, OperationKind.PtAdd, new PolicyTargetChange(call.Message.PolicyTarget));
}

/// <summary>policy_target_removed_notification: a pt_remove operation with the policy target.</summary>
internal sealed class PolicyTargetRemovedConsumer(ServiceWrites writes, RpcAnswers answers) : RpcConsumer<PolicyTargetRemovedNotification>(answers)
{
    protected override Task AnswerAsync(RpcCall<PolicyTargetRemovedNotification> call) =>
        writes.ReconfigureAsync(call, call.Message.NetworkServiceId, OperationKind.PtRemove, new PolicyTargetChange(call.Message.PolicyTarget));
}

/// <summary>consumer_ptg_added_notification: a consumer_add operation with the group.</summary>
internal sealed class ConsumerPtgAddedConsumer(ServiceWrites writes, RpcAnswers answers) : RpcConsumer<ConsumerPtgAddedNotification>(answers)
{
    protected override Task AnswerAsync(RpcCall<ConsumerPtgAddedNotification> call) =>
        writes.ReconfigureAsync(call, call.Message.NetworkServiceId, OperationKind.ConsumerAdd, new ConsumerPtgChange(call.Message.ConsumerPtg));
}

/// <summary>consumer_ptg_removed_notification: a consumer_remove operation with the group.</summary>
internal sealed class ConsumerPtgRemovedConsumer(ServiceWrites writes, RpcAnswers answers) : RpcConsumer<ConsumerPtgRemovedNotification>(answers)
{
    protected override Task AnswerAsync(RpcCall<ConsumerPtgRemovedNotification> call) =>
        writes.ReconfigureAsync(call, call.Message.NetworkServiceId, OperationKind.ConsumerRemove, new ConsumerPtgChange(call.Message.ConsumerPtg));
}

/// <summary>chain_parameters_updated_notification: a chain_params operation with the new parameters.</summary>
internal sealed class ChainParametersUpdatedConsumer(ServiceWrites writes, RpcAnswers answers) : RpcConsumer<ChainParametersUpdatedNotification>(answers)
{
    protected override Task AnswerAsync(RpcCall<ChainParametersUpdatedNotification> call) =>
        writes.ReconfigureAsync(call, call.Message.NetworkServiceId, OperationKind.ChainParams,
            new ChainParametersChange(call.Message.ChainParameters));
}

internal sealed class PolicyTargetAddedDefinition(IOptions<RpcOptions> options)
    : RpcConsumerDefinition<PolicyTargetAddedConsumer, PolicyTargetAddedNotification>(options);

internal sealed class PolicyTargetRemovedDefinition(IOptions<RpcOptions> options)
    : RpcConsumerDefinition<PolicyTargetRemovedConsumer, PolicyTargetRemovedNotification>(options);

internal sealed class ConsumerPtgAddedDefinition(IOptions<RpcOptions> options)
    : RpcConsumerDefinition<ConsumerPtgAddedConsumer, ConsumerPtgAddedNotification>(options);

internal sealed class ConsumerPtgRemovedDefinition(IOptions<RpcOptions> options)
    : RpcConsumerDefinition<ConsumerPtgRemovedConsumer, ConsumerPtgRemovedNotification>(options);

internal sealed class ChainParametersUpdatedDefinition(IOptions<RpcOptions> options)
    : RpcConsumerDefinition<ChainParametersUpdatedConsumer, ChainParametersUpdatedNotification>(options);
