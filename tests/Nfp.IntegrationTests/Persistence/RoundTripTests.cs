using Nfp.IntegrationTests.Fixtures;
using Nfp.NetworkServiceManager.Persistence;
using Nfp.Schema.Resources;

namespace Nfp.IntegrationTests.Persistence;

/// <summary>Every resource is stored and read back unchanged, with its database-kept fields filled in.</summary>
public sealed class RoundTripTests(PostgresDatabase db) : IClassFixture<PostgresDatabase>
{
    private readonly NetworkServiceRepository _services = new(db.DataSource);
    private readonly PortInfoRepository _ports = new(db.DataSource);
    private readonly NetworkServiceDeviceRepository _devices = new(db.DataSource);
    private readonly NetworkServiceInstanceRepository _instances = new(db.DataSource);
    private readonly NsdInterfaceRepository _interfaces = new(db.DataSource);
    private readonly OperationRepository _operations = new(db.DataSource);

    [Fact]
    public async Task Network_service_round_trips()
    {
        var service = Rows.NetworkService() with { ServiceChainId = null };

        var created = await _services.CreateAsync(service);
        var read = await _services.GetAsync(service.Id);

        // JsonElement has no value equality: the config is compared as JSON, the rest as the record.
        Assert.True(System.Text.Json.JsonElement.DeepEquals(service.ServiceConfig, read.ServiceConfig), read.ServiceConfig.GetRawText());
        Assert.Equal(created with { ServiceConfig = service.ServiceConfig }, read with { ServiceConfig = service.ServiceConfig });
        Assert.Equal(1, read.Version);
        Assert.NotEqual(default, read.CreatedAt);
        Assert.Equal(service, read with { ServiceConfig = service.ServiceConfig, CreatedAt = default, UpdatedAt = default, Version = 0 });
    }

    [Fact]
    public async Task Port_info_round_trips()
    {
        var port = Rows.PortInfo(PortClassification.Consumer) with { PortType = PortType.Master };

        await _ports.CreateAsync(port);

        Assert.Equal(port, (await _ports.GetAsync(port.Id)) with { CreatedAt = default, UpdatedAt = default, Version = 0 });
    }

    [Fact]
    public async Task Device_round_trips_with_its_provider_metadata()
    {
        var device = Rows.Device(Guid.NewGuid());

        await _devices.CreateAsync(device);
        var read = await _devices.GetAsync(device.Id);

        Assert.Equal(device.ProviderMetadata, read.ProviderMetadata);
        Assert.Equal(device with { ProviderMetadata = read.ProviderMetadata },
            read with { CreatedAt = default, UpdatedAt = default, Version = 0 });
    }

    [Fact]
    public async Task Instance_round_trips_with_its_port_info_list_in_order()
    {
        var service = await _services.CreateAsync(Rows.NetworkService());
        var device = await _devices.CreateAsync(Rows.Device(service.TenantId));
        var ports = new[] { Rows.PortInfo(), Rows.PortInfo(PortClassification.Consumer), Rows.PortInfo() };
        foreach (var port in ports)
        {
            await _ports.CreateAsync(port);
        }
        var portIds = ports.Select(p => p.Id).Reverse().ToArray();
        var instance = Rows.Instance(service, device.Id, portIds) with { HaState = HaState.Standby };

        var created = await _instances.CreateAsync(instance);
        var read = await _instances.GetAsync(instance.Id);

        Assert.Equal(portIds, read.PortInfo);
        Assert.Equal(created.PortInfo, read.PortInfo);
        Assert.Equal(instance with { PortInfo = read.PortInfo }, read with { CreatedAt = default, UpdatedAt = default, Version = 0 });
    }

    [Fact]
    public async Task Instance_update_replaces_its_port_info_list()
    {
        var service = await _services.CreateAsync(Rows.NetworkService());
        var first = await _ports.CreateAsync(Rows.PortInfo());
        var second = await _ports.CreateAsync(Rows.PortInfo());
        var instance = await _instances.CreateAsync(Rows.Instance(service, null, first.Id));

        var updated = await _instances.UpdateAsync(instance with { PortInfo = [second.Id, first.Id], Name = "renamed" });

        Assert.Equal([second.Id, first.Id], (await _instances.GetAsync(instance.Id)).PortInfo);
        Assert.Equal("renamed", updated.Name);
        Assert.Equal(2, updated.Version);
    }

    [Fact]
    public async Task Instance_with_an_unknown_port_leaves_no_row()
    {
        var service = await _services.CreateAsync(Rows.NetworkService());
        var instance = Rows.Instance(service, null, Guid.NewGuid());

        await Assert.ThrowsAsync<Npgsql.PostgresException>(() => _instances.CreateAsync(instance));

        Assert.Null(await _instances.FindAsync(instance.Id));
    }

    [Fact]
    public async Task Nsd_interface_round_trips()
    {
        var device = await _devices.CreateAsync(Rows.Device(Guid.NewGuid()));
        var port = await _ports.CreateAsync(Rows.PortInfo());
        var nsdInterface = Rows.Interface(device, port.Id, 1);

        await _interfaces.CreateAsync(nsdInterface);

        Assert.Equal(nsdInterface, (await _interfaces.GetAsync(nsdInterface.Id)) with { CreatedAt = default, UpdatedAt = default, Version = 0 });
    }

    [Fact]
    public async Task Operation_round_trips_with_its_times()
    {
        var parameters = System.Text.Json.JsonSerializer.SerializeToElement(new { chain_parameters = new { vip = "10.0.0.10" } });
        var operation = Rows.Operation(Guid.NewGuid(), OperationKind.ChainParams) with
        {
            IsAutomatic = true, ResourceType = ResourceType.Nsd, Step = "create_network_service_config", StepAttempts = 2,
            StepDeadline = DateTimeOffset.Parse("2026-11-23T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture), Parameters = parameters,
        };

        await _operations.CreateAsync(operation);
        var read = await _operations.GetAsync(operation.Id);

        // JSON documents compare by reference (and jsonb keeps its own spacing): compare them re-written, the rest as records.
        Assert.True(System.Text.Json.JsonElement.DeepEquals(parameters, read.Parameters), read.Parameters.GetRawText());
        Assert.Equal(operation with { Parameters = default }, read with { Parameters = default, StartedAt = default, StateEnteredAt = default, UpdatedAt = default, Version = 0 });
        Assert.Equal(read.StartedAt, read.StateEnteredAt);
    }

    [Fact]
    public async Task Reading_an_unknown_id_is_a_typed_not_found()
    {
        var id = Guid.NewGuid();

        var error = await Assert.ThrowsAsync<ResourceNotFoundException>(() => _services.GetAsync(id));

        Assert.Equal(id, error.Id);
        Assert.Equal("network_service", error.Resource);
    }

    [Fact]
    public async Task Delete_removes_the_row()
    {
        var service = await _services.CreateAsync(Rows.NetworkService());

        await _services.DeleteAsync(service.Id, service.Version);

        Assert.Null(await _services.FindAsync(service.Id));
    }
}
