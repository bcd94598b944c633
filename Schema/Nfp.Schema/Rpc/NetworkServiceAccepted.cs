using Nfp.Schema.Resources;

namespace Nfp.Schema.Rpc;

/// <summary>
/// The answer to an accepted write: the service, the operation that carries the write out, and the
/// service's PENDING_* status the write put it in.
/// </summary>
public sealed record NetworkServiceAccepted(Guid NetworkServiceId, Guid OperationId, ProvisioningStatus ProvisioningStatus);
