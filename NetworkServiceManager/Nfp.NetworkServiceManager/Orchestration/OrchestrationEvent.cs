namespace Nfp.NetworkServiceManager.Orchestration;

/// <summary>
/// "There is work for this key": sent to the worker queue when an operation is accepted, when a
/// notification it waits for arrives, and by the sweeper when one is due. <see cref="BindingKey"/> is the
/// network service id. The event carries no work itself — the work is the key's unfinished operations in
/// PostgreSQL — so an event sent twice, or lost and sent again by the sweeper, changes nothing.
/// </summary>
public sealed record OrchestrationEvent(Guid BindingKey);
