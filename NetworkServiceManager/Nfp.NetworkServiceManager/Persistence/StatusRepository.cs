using Nfp.Schema.Resources;
using Npgsql;

namespace Nfp.NetworkServiceManager.Persistence;

/// <summary>A repository of resources with provisioning and operating statuses, moved only as their life cycles allow.</summary>
public abstract class StatusRepository<T> : Repository<T> where T : IStatusResource
{
    private protected StatusRepository(NpgsqlDataSource dataSource, TableMap<T> map, string resource)
        : base(dataSource, map, resource)
    {
    }

    /// <summary>Moves the provisioning status, recording why in status_description.</summary>
    /// <exception cref="IllegalTransitionException">The move is not in <see cref="LifeCycles.Provisioning"/>.</exception>
    /// <exception cref="ConcurrencyConflictException">The row moved past <paramref name="expectedVersion"/>.</exception>
    public Task<T> SetProvisioningStatusAsync(
        Guid id, int expectedVersion, ProvisioningStatus to, string statusDescription,
        NpgsqlTransaction? transaction = null, CancellationToken cancellationToken = default) =>
        TransitionAsync(id, expectedVersion, "provisioning_status", row => row.ProvisioningStatus, LifeCycles.Provisioning, to,
            new Dictionary<string, object?> { ["status_description"] = statusDescription }, [], transaction, cancellationToken);

    /// <summary>Records what health monitoring observed, and why.</summary>
    /// <exception cref="ConcurrencyConflictException">The row moved past <paramref name="expectedVersion"/>.</exception>
    public Task<T> SetOperatingStatusAsync(
        Guid id, int expectedVersion, OperatingStatus to, string statusDescription,
        NpgsqlTransaction? transaction = null, CancellationToken cancellationToken = default) =>
        TransitionAsync(id, expectedVersion, "operating_status", row => row.OperatingStatus, LifeCycles.Operating, to,
            new Dictionary<string, object?> { ["status_description"] = statusDescription }, [], transaction, cancellationToken);
}
