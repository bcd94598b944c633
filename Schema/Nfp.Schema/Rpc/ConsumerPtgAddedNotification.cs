namespace Nfp.Schema.Rpc;

/// <summary>consumer_ptg_added_notification: a group started consuming the chain; reconfigure the live service.</summary>
public sealed record ConsumerPtgAddedNotification(Guid NetworkServiceId, PolicyTargetGroup ConsumerPtg);
