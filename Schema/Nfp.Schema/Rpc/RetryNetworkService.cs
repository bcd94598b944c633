namespace Nfp.Schema.Rpc;

/// <summary>
/// retry_network_service: run again the operation that put the service in ERROR (its last one, FAILED_TEMP),
/// from its first step — each step redoes only what is not done, and a device found dead is made again.
/// Answered with <see cref="NetworkServiceAccepted"/> naming that operation; a service not in ERROR, or
/// whose last operation is not retryable, is a conflict.
/// </summary>
public sealed record RetryNetworkService(Guid NetworkServiceId);
