namespace Nfp.Schema.Drivers;

/// <summary>
/// A device its lifecycle driver found dead (<see cref="ILifecycleDriver.WatchNsdsAsync"/>): its id, what
/// died — the provider's id of the instance that ran it (a container id), so that a death told twice is
/// known as one — and why.
/// </summary>
public sealed record NsdDeath(Guid NsdId, string Instance, string Reason);
