using Dapper;
using Nfp.IntegrationTests.Fixtures;
using Nfp.NetworkServiceManager.Persistence;
using Nfp.Schema.Resources;

namespace Nfp.IntegrationTests.Manager;

/// <summary>
/// The manager's purge job forgets a service DELETED longer ago than the retention — with its instance,
/// operations, step history and configurator answers, and its device — and keeps everything else.
/// </summary>
public sealed class PurgeDeletedTests(PurgeDeletedTests.Purging fixture) : IClassFixture<PurgeDeletedTests.Purging>
{
    /// <summary>A manager keeping DELETED services for an hour and purging every second.</summary>
    public sealed class Purging : IAsyncLifetime
    {
        public ManagerServer Manager { get; } = new()
        {
            Settings = new Dictionary<string, string>(ManagerServer.Parked)
            {
                ["Orchestration:DeletedRetention"] = "01:00:00",
                ["Orchestration:PurgeIntervalSeconds"] = "1",
            },
        };

        public Task InitializeAsync() => Manager.InitializeAsync();

        public Task DisposeAsync() => Manager.DisposeAsync();
    }

    private readonly PostgresDatabase _db = fixture.Manager.Database;

    [Fact]
    public async Task A_service_deleted_before_the_retention_is_purged_with_its_history_and_nothing_else_is()
    {
        var old = await DeletedServiceAsync(TimeSpan.FromHours(2));
        var recent = await DeletedServiceAsync(TimeSpan.FromMinutes(5));
        var live = await new NetworkServiceRepository(_db.DataSource).CreateAsync(Rows.NetworkService());
        await BackdateAsync("network_services", live.Id, TimeSpan.FromHours(2));

        await Eventually.HoldsAsync(async () => await CountAsync("network_services", old.Service) == 0, TimeSpan.FromSeconds(30), "the old DELETED service is purged");

        Assert.Equal((0, 0, 0, 0, 0, 0), await RemainsAsync(old));
        Assert.Equal((1, 1, 1, 1, 1, 1), await RemainsAsync(recent));
        Assert.Equal(1, await CountAsync("network_services", live.Id));
    }

    private sealed record DeletedService(Guid Service, Guid Device, Guid Operation);

    /// <summary>A service DELETED <paramref name="ago"/>, as a delete leaves it: its instance, device, an operation with a step run and a configurator answer.</summary>
    private async Task<DeletedService> DeletedServiceAsync(TimeSpan ago)
    {
        var service = await new NetworkServiceRepository(_db.DataSource).CreateAsync(Rows.NetworkService());
        var device = await new NetworkServiceDeviceRepository(_db.DataSource).CreateAsync(Rows.Device(service.TenantId));
        await new NetworkServiceInstanceRepository(_db.DataSource).CreateAsync(Rows.Instance(service, device.Id));
        var operation = await new OperationRepository(_db.DataSource).CreateAsync(Rows.Operation(service.Id, OperationKind.Delete) with { State = OperationState.Completed });
        await using var connection = await _db.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync(
            """
            INSERT INTO operation_steps (operation_id, step, attempt, instance, started_at, ended_at, outcome)
                VALUES (@operation, 'delete_network_service', 1, 'test', now(), now(), 'completed');
            INSERT INTO configurator_notifications (operation_id, method, result) VALUES (@operation, 'delete_network_function_config', 'success');
            UPDATE network_services SET provisioning_status = 'DELETED' WHERE id = @service;
            UPDATE network_service_devices SET provisioning_status = 'DELETED' WHERE id = @device;
            """, new { operation = operation.Id, service = service.Id, device = device.Id });
        await BackdateAsync("network_services", service.Id, ago);
        await BackdateAsync("network_service_devices", device.Id, ago);
        return new DeletedService(service.Id, device.Id, operation.Id);
    }

    private async Task BackdateAsync(string table, Guid id, TimeSpan ago)
    {
        await using var connection = await _db.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync($"UPDATE {table} SET updated_at = now() - @ago WHERE id = @id", new { id, ago });
    }

    private async Task<long> CountAsync(string table, Guid id, string column = "id")
    {
        await using var connection = await _db.DataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<long>($"SELECT count(*) FROM {table} WHERE {column} = @id", new { id });
    }

    /// <summary>How many of the service, its instances, its device, its operations, their step runs and configurator answers are left.</summary>
    private async Task<(long, long, long, long, long, long)> RemainsAsync(DeletedService deleted) => (
        await CountAsync("network_services", deleted.Service),
        await CountAsync("network_service_instances", deleted.Service, "network_service_id"),
        await CountAsync("network_service_devices", deleted.Device),
        await CountAsync("operations", deleted.Service, "resource_id"),
        await CountAsync("operation_steps", deleted.Operation, "operation_id"),
        await CountAsync("configurator_notifications", deleted.Operation, "operation_id"));
}
