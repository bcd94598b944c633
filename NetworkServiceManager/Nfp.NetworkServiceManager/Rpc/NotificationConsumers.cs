using MassTransit;
using Microsoft.Extensions.Options;
using Nfp.NetworkServiceManager.Messaging;
using Nfp.Schema.Resources;
using Nfp.Schema.Rpc;

namespace Nfp.NetworkServiceManager.Rpc;

// The node driver's five notifications: each reconfigures the live service, carrying what changed to
// the operation's parameters (get_network_service_config_info reads them there). See ServiceWrites.

/// <summary>policy_target_added_notification: a pt_add operation with the policy target.</summary>
internal sealed class PolicyTargetAddedConsumer(ServiceWrites writes) : IConsumer<PolicyTargetAddedNotification>
{
    public Task Consume(ConsumeContext<PolicyTargetAddedNotification> context) =>
        writes.ReconfigureAsync(context, context.Message.NetworkServiceId, OperationKind.PtAdd, new PolicyTargetChange(context.Message.PolicyTarget));
}

/// <summary>policy_target_removed_notification: a pt_remove operation with the policy target.</summary>
internal sealed class PolicyTargetRemovedConsumer(ServiceWrites writes) : IConsumer<PolicyTargetRemovedNotification>
{
    public Task Consume(ConsumeContext<PolicyTargetRemovedNotification> context) =>
        writes.ReconfigureAsync(context, context.Message.NetworkServiceId, OperationKind.PtRemove, new PolicyTargetChange(context.Message.PolicyTarget));
}

/// <summary>consumer_ptg_added_notification: a consumer_add operation with the group.</summary>
internal sealed class ConsumerPtgAddedConsumer(ServiceWrites writes) : IConsumer<ConsumerPtgAddedNotification>
{
    public Task Consume(ConsumeContext<ConsumerPtgAddedNotification> context) =>
        writes.ReconfigureAsync(context, context.Message.NetworkServiceId, OperationKind.ConsumerAdd, new ConsumerPtgChange(context.Message.ConsumerPtg));
}

/// <summary>consumer_ptg_removed_notification: a consumer_remove operation with the group.</summary>
internal sealed class ConsumerPtgRemovedConsumer(ServiceWrites writes) : IConsumer<ConsumerPtgRemovedNotification>
{
    public Task Consume(ConsumeContext<ConsumerPtgRemovedNotification> context) =>
        writes.ReconfigureAsync(context, context.Message.NetworkServiceId, OperationKind.ConsumerRemove, new ConsumerPtgChange(context.Message.ConsumerPtg));
}

/// <summary>chain_parameters_updated_notification: a chain_params operation with the new parameters.</summary>
internal sealed class ChainParametersUpdatedConsumer(ServiceWrites writes) : IConsumer<ChainParametersUpdatedNotification>
{
    public Task Consume(ConsumeContext<ChainParametersUpdatedNotification> context) =>
        writes.ReconfigureAsync(context, context.Message.NetworkServiceId, OperationKind.ChainParams,
            new ChainParametersChange(context.Message.ChainParameters));
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
