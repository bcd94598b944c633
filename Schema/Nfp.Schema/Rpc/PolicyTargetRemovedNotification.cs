namespace Nfp.Schema.Rpc;

/// <summary>policy_target_removed_notification: a member left the provider group; reconfigure the live service.</summary>
public sealed record PolicyTargetRemovedNotification(Guid NetworkServiceId, PolicyTarget PolicyTarget);
