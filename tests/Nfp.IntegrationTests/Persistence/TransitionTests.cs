using Nfp.IntegrationTests.Fixtures;
using Nfp.NetworkServiceManager.Persistence;
using Nfp.Schema.Resources;

namespace Nfp.IntegrationTests.Persistence;

/// <summary>Statuses move only as their life cycles allow, and a stale writer is refused rather than obeyed.</summary>
public sealed class TransitionTests(PostgresDatabase db) : IClassFixture<PostgresDatabase>
{
    private readonly NetworkServiceRepository _services = new(db.DataSource);
    private readonly NetworkServiceDeviceRepository _devices = new(db.DataSource);
    private readonly OperationRepository _operations = new(db.DataSource);

    [Fact]
    public async Task A_legal_move_records_status_and_reason_and_bumps_the_version()
    {
        var service = await _services.CreateAsync(Rows.NetworkService());

        var active = await _services.SetProvisioningStatusAsync(service.Id, service.Version, ProvisioningStatus.Active, "rendered");

        Assert.Equal(ProvisioningStatus.Active, active.ProvisioningStatus);
        Assert.Equal("rendered", active.StatusDescription);
        Assert.Equal(service.Version + 1, active.Version);
        Assert.True(active.UpdatedAt >= service.UpdatedAt);
    }

    public static TheoryData<ProvisioningStatus[], ProvisioningStatus> IllegalMoves => new()
    {
        { [ProvisioningStatus.Active], ProvisioningStatus.PendingCreate },
        { [ProvisioningStatus.PendingDelete, ProvisioningStatus.Deleted], ProvisioningStatus.Active },
        { [ProvisioningStatus.Error], ProvisioningStatus.Active },
        { [], ProvisioningStatus.Deleted },
        { [], ProvisioningStatus.PendingCreate },
    };

    [Theory]
    [MemberData(nameof(IllegalMoves))]
    public async Task An_illegal_provisioning_move_is_refused_and_changes_nothing(ProvisioningStatus[] path, ProvisioningStatus to)
    {
        var device = await _devices.CreateAsync(Rows.Device(Guid.NewGuid()));
        foreach (var step in path)
        {
            device = await _devices.SetProvisioningStatusAsync(device.Id, device.Version, step, "");
        }

        var error = await Assert.ThrowsAsync<IllegalTransitionException>(
            () => _devices.SetProvisioningStatusAsync(device.Id, device.Version, to, "should not be written"));

        var stored = await _devices.GetAsync(device.Id);
        Assert.Equal(device.Id, error.Id);
        Assert.Equal((device.ProvisioningStatus, device.StatusDescription, device.Version),
            (stored.ProvisioningStatus, stored.StatusDescription, stored.Version));
    }

    [Fact]
    public async Task Operation_state_moves_stamp_the_time_it_was_entered_and_final_states_stay_final()
    {
        var operation = await _operations.CreateAsync(Rows.Operation(Guid.NewGuid()));
        var processing = await _operations.SetStateAsync(operation.Id, operation.Version, OperationState.Processing, "");
        var failed = await _operations.SetStateAsync(processing.Id, processing.Version, OperationState.FailedTemp, "device did not answer");
        var retried = await _operations.SetStateAsync(failed.Id, failed.Version, OperationState.Processing, "");
        var completed = await _operations.SetStateAsync(retried.Id, retried.Version, OperationState.Completed, "");

        Assert.Equal("device did not answer", failed.Error);
        Assert.True(completed.StateEnteredAt >= operation.StateEnteredAt);
        Assert.Equal(operation.StartedAt, completed.StartedAt);
        await Assert.ThrowsAsync<IllegalTransitionException>(
            () => _operations.SetStateAsync(completed.Id, completed.Version, OperationState.Processing, ""));
    }

    [Fact]
    public async Task Operating_status_may_follow_any_other()
    {
        var service = await _services.CreateAsync(Rows.NetworkService());

        var online = await _services.SetOperatingStatusAsync(service.Id, service.Version, OperatingStatus.Online, "");
        var offline = await _services.SetOperatingStatusAsync(online.Id, online.Version, OperatingStatus.Offline, "device unreachable");
        var online2 = await _services.SetOperatingStatusAsync(offline.Id, offline.Version, OperatingStatus.Online, "device reachable");

        Assert.Equal(OperatingStatus.Online, online2.OperatingStatus);
        Assert.Equal(ProvisioningStatus.PendingCreate, online2.ProvisioningStatus);
    }

    [Fact]
    public async Task An_update_from_a_stale_read_is_refused_and_the_newer_write_stays()
    {
        var read = await _services.CreateAsync(Rows.NetworkService());
        var winner = await _services.UpdateAsync(read with { ServiceConfig = ServiceConfigs.Of(new { writer = "first" }) });

        var error = await Assert.ThrowsAsync<ConcurrencyConflictException>(() => _services.UpdateAsync(read with { ServiceConfig = ServiceConfigs.Of(new { writer = "second" }) }));

        Assert.Equal(read.Version, error.ExpectedVersion);
        var stored = await _services.GetAsync(read.Id);
        Assert.Equal((winner.Version, "first"), (stored.Version, stored.ServiceConfig.GetProperty("writer").GetString()));
    }

    [Fact]
    public async Task A_move_or_delete_from_a_stale_read_is_refused()
    {
        var read = await _services.CreateAsync(Rows.NetworkService());
        await _services.UpdateAsync(read with { Name = "moved on" });

        await Assert.ThrowsAsync<ConcurrencyConflictException>(
            () => _services.SetProvisioningStatusAsync(read.Id, read.Version, ProvisioningStatus.Active, ""));
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => _services.DeleteAsync(read.Id, read.Version));
        Assert.NotNull(await _services.FindAsync(read.Id));
    }

    [Fact]
    public async Task Of_many_concurrent_writers_from_one_read_exactly_one_wins()
    {
        var read = await _services.CreateAsync(Rows.NetworkService());

        var attempts = Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
        {
            try
            {
                await _services.UpdateAsync(read with { ServiceConfig = ServiceConfigs.Of(new { writer = i }) });
                return true;
            }
            catch (ConcurrencyConflictException)
            {
                return false;
            }
        }));
        var results = await Task.WhenAll(attempts);

        Assert.Single(results, won => won);
        Assert.Equal(read.Version + 1, (await _services.GetAsync(read.Id)).Version);
    }

    [Fact]
    public async Task Updating_an_unknown_row_is_a_typed_not_found()
    {
        var ghost = Rows.NetworkService() with { Version = 1 };

        await Assert.ThrowsAsync<ResourceNotFoundException>(() => _services.UpdateAsync(ghost));
        await Assert.ThrowsAsync<ResourceNotFoundException>(() => _services.SetProvisioningStatusAsync(ghost.Id, 1, ProvisioningStatus.Active, ""));
    }
}
