namespace Nfp.Schema.Rpc;

/// <summary>consumer_ptg_removed_notification: a group stopped consuming the chain; reconfigure the live service.</summary>
public sealed record ConsumerPtgRemovedNotification(Guid NetworkServiceId, PolicyTargetGroup ConsumerPtg);
