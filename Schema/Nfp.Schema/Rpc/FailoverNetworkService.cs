namespace Nfp.Schema.Rpc;

/// <summary>
/// failover_network_service: replace the device rendering the service, dead or alive — a new device made
/// through the lifecycle driver at the same addresses, configured with every service it renders, watched
/// again; the old one removed. The operator's failover: it runs even while the circuit breaker holds
/// automatic failovers back. Answered with <see cref="NetworkServiceAccepted"/> (PENDING_UPDATE) naming
/// the failover operation; a service that is not ACTIVE or ERROR, or has no device, is a conflict.
/// </summary>
public sealed record FailoverNetworkService(Guid NetworkServiceId);

/// <summary>
/// failover_nsd: the failover of one device (a network service device), named by its id; it is carried
/// out as the failover of one of the services it renders, which fails over the others with it. Answered
/// as <see cref="FailoverNetworkService"/> is, naming that service.
/// </summary>
public sealed record FailoverNsd(Guid NsdId);
