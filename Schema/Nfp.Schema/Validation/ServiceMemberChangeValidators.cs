using Nfp.Schema.Rpc;

namespace Nfp.Schema.Validation;

public sealed class PolicyTargetAddedNotificationValidator()
    : ServiceMemberChangeValidator<PolicyTargetAddedNotification, PolicyTarget>(
        x => x.NetworkServiceId, x => x.PolicyTarget, new PolicyTargetValidator());

public sealed class PolicyTargetRemovedNotificationValidator()
    : ServiceMemberChangeValidator<PolicyTargetRemovedNotification, PolicyTarget>(
        x => x.NetworkServiceId, x => x.PolicyTarget, new PolicyTargetValidator());

public sealed class ConsumerPtgAddedNotificationValidator()
    : ServiceMemberChangeValidator<ConsumerPtgAddedNotification, PolicyTargetGroup>(
        x => x.NetworkServiceId, x => x.ConsumerPtg, new PolicyTargetGroupValidator());

public sealed class ConsumerPtgRemovedNotificationValidator()
    : ServiceMemberChangeValidator<ConsumerPtgRemovedNotification, PolicyTargetGroup>(
        x => x.NetworkServiceId, x => x.ConsumerPtg, new PolicyTargetGroupValidator());
