namespace Nfp.Schema.Rpc;

/// <summary>policy_target_added_notification: a member joined the provider group; reconfigure the live service.</summary>
public sealed record PolicyTargetAddedNotification(Guid NetworkServiceId, PolicyTarget PolicyTarget);
