using MassTransit;
using Nfp.IntegrationTests.Fixtures;
using Nfp.NetworkServiceManager.Persistence;
using Nfp.NetworkServiceManager.Rpc;
using Nfp.Schema.Resources;
using Nfp.Schema.Rpc;
using Nfp.Schema.Validation;

namespace Nfp.IntegrationTests.Manager;

/// <summary>The node-driver RPCs over the real RabbitMQ: writes answered at once, refusals typed, nothing half-written.</summary>
public sealed class RpcListenerTests(ManagerServer manager) : IClassFixture<ManagerServer>
{
    private static CreateNetworkService Create(Guid? portId = null) => new(
        Guid.NewGuid(), Guid.NewGuid(), new ServiceProfile(Guid.NewGuid(), ServiceType.Loadbalancer, "haproxy"),
        [
            new PortInfoRequest(portId ?? Guid.NewGuid(), PortPolicy.GbpPolicyTarget, PortClassification.Provider, "tenant-web"),
            new PortInfoRequest(Guid.NewGuid(), PortPolicy.GbpPolicyTarget, PortClassification.Consumer, "tenant-users"),
        ], Name: "web-lb");

    private Task<Response<NetworkServiceAccepted, RpcFault>> CreateAsync(CreateNetworkService request) =>
        manager.Client<CreateNetworkService>().GetResponse<NetworkServiceAccepted, RpcFault>(request);

    [Fact]
    public async Task Create_is_answered_at_once_with_a_pending_service_and_its_operation()
    {
        var response = await CreateAsync(Create());

        Assert.True(response.Is(out Response<NetworkServiceAccepted>? accepted));
        Assert.Equal(ProvisioningStatus.PendingCreate, accepted!.Message.ProvisioningStatus);
        var service = await new NetworkServiceRepository(manager.Database.DataSource).GetAsync(accepted.Message.NetworkServiceId);
        var operation = await new OperationRepository(manager.Database.DataSource).GetAsync(accepted.Message.OperationId);
        Assert.Equal("web-lb", service.Name);
        Assert.Equal((OperationKind.Create, service.Id), (operation.Kind, operation.ResourceId));
        // The workers may have begun it already; the parked driver's device never comes up, so it cannot have ended.
        Assert.Contains(operation.State, new[] { OperationState.Starting, OperationState.Processing });
    }

    [Fact]
    public async Task An_invalid_create_gets_a_typed_fault_naming_the_field_and_writes_nothing()
    {
        var before = await new NetworkServiceRepository(manager.Database.DataSource).ListAsync(new ListQuery(Limit: 1000));

        var response = await CreateAsync(Create() with { TenantId = Guid.Empty, Name = new string('x', Limits.Name + 1) });

        Assert.True(response.Is(out Response<RpcFault>? fault));
        Assert.Equal(RpcFaultCode.InvalidRequest, fault!.Message.Code);
        Assert.Equal(["name", "tenant_id"], fault.Message.Errors.Select(e => e.Field).Order());
        Assert.Equal(before.Items.Count, (await new NetworkServiceRepository(manager.Database.DataSource).ListAsync(new ListQuery(Limit: 1000))).Items.Count);
    }

    [Fact]
    public async Task A_create_for_a_vendor_no_driver_renders_is_invalid_and_writes_nothing()
    {
        var tenant = Guid.NewGuid();
        var request = Create() with { TenantId = tenant };

        var response = await CreateAsync(request with { ServiceProfile = request.ServiceProfile with { ServiceVendor = "nobody" } });

        Assert.True(response.Is(out Response<RpcFault>? fault));
        Assert.Equal(RpcFaultCode.InvalidRequest, fault!.Message.Code);
        Assert.Equal(("service_profile.service_vendor", FieldErrorCodes.UnknownValue), (fault.Message.Errors.Single().Field, fault.Message.Errors.Single().Code));
        var written = await new NetworkServiceRepository(manager.Database.DataSource)
            .ListAsync(new ListQuery(ListQuery.Where(("tenant_id", tenant.ToString()))));
        Assert.Empty(written.Items);
        Assert.Null(await new PortInfoRepository(manager.Database.DataSource).FindAsync(request.PortInfo[0].Id));
    }

    [Fact]
    public async Task A_port_already_in_use_is_a_conflict_and_writes_nothing()
    {
        var port = Guid.NewGuid();
        await CreateAsync(Create(port));
        var tenantOfSecond = Guid.NewGuid();

        var response = await CreateAsync(Create(port) with { TenantId = tenantOfSecond });

        Assert.True(response.Is(out Response<RpcFault>? fault));
        Assert.Equal(RpcFaultCode.Conflict, fault!.Message.Code);
        var second = await new NetworkServiceRepository(manager.Database.DataSource)
            .ListAsync(new ListQuery(ListQuery.Where(("tenant_id", tenantOfSecond.ToString()))));
        Assert.Empty(second.Items);
    }

    [Fact]
    public async Task Get_reads_back_a_created_service_and_an_unknown_one_is_not_found()
    {
        var created = await CreateAsync(Create());
        Assert.True(created.Is(out Response<NetworkServiceAccepted>? accepted));
        var get = manager.Client<GetNetworkService>();

        var found = await get.GetResponse<NetworkServiceDetail, RpcFault>(new GetNetworkService(accepted!.Message.NetworkServiceId));
        var missing = await get.GetResponse<NetworkServiceDetail, RpcFault>(new GetNetworkService(Guid.NewGuid()));

        Assert.True(found.Is(out Response<NetworkServiceDetail>? detail));
        Assert.Equal(accepted.Message.NetworkServiceId, detail!.Message.NetworkService.Id);
        // Not plugged yet (the parked driver's devices never come up): the ports as the create asked for them.
        Assert.Equal(["tenant-web", "tenant-users"], detail.Message.Ports.Select(p => p.Network));
        Assert.All(detail.Message.Ports, p => Assert.Equal(("", null), (p.Mac, p.NsdId)));
        Assert.True(missing.Is(out Response<RpcFault>? fault));
        Assert.Equal(RpcFaultCode.NotFound, fault!.Message.Code);
    }

    [Fact]
    public async Task Get_network_services_pages_a_tenants_services()
    {
        var tenant = Guid.NewGuid();
        for (var i = 0; i < 3; i++)
        {
            await CreateAsync(Create() with { TenantId = tenant });
        }
        var list = manager.Client<GetNetworkServices>();

        var first = await list.GetResponse<NetworkServiceList, RpcFault>(new GetNetworkServices(TenantId: tenant, Limit: 2));
        Assert.True(first.Is(out Response<NetworkServiceList>? page));
        var second = await list.GetResponse<NetworkServiceList, RpcFault>(new GetNetworkServices(TenantId: tenant, Limit: 2, Marker: page!.Message.NextMarker));
        Assert.True(second.Is(out Response<NetworkServiceList>? rest));

        Assert.Equal(2, page.Message.NetworkServices.Count);
        Assert.Single(rest!.Message.NetworkServices);
        Assert.Null(rest.Message.NextMarker);
    }

    [Fact]
    public async Task Delete_during_create_is_accepted_and_a_second_delete_is_a_conflict()
    {
        var created = await CreateAsync(Create());
        Assert.True(created.Is(out Response<NetworkServiceAccepted>? accepted));
        var delete = manager.Client<DeleteNetworkService>();

        var first = await delete.GetResponse<NetworkServiceAccepted, RpcFault>(new DeleteNetworkService(accepted!.Message.NetworkServiceId));
        var second = await delete.GetResponse<NetworkServiceAccepted, RpcFault>(new DeleteNetworkService(accepted.Message.NetworkServiceId));

        Assert.True(first.Is(out Response<NetworkServiceAccepted>? deleting));
        Assert.Equal(ProvisioningStatus.PendingDelete, deleting!.Message.ProvisioningStatus);
        Assert.True(second.Is(out Response<RpcFault>? fault));
        Assert.Equal(RpcFaultCode.Conflict, fault!.Message.Code);
    }

    [Fact]
    public async Task Update_of_an_active_service_stores_its_config_and_one_still_pending_is_a_conflict()
    {
        var created = await CreateAsync(Create());
        Assert.True(created.Is(out Response<NetworkServiceAccepted>? accepted));
        var id = accepted!.Message.NetworkServiceId;
        var update = manager.Client<UpdateNetworkService>();

        var whilePending = await update.GetResponse<NetworkServiceAccepted, RpcFault>(new UpdateNetworkService(id, ServiceConfigs.Of(new { vip = "10.0.0.20" })));
        var services = new NetworkServiceRepository(manager.Database.DataSource);
        var service = await services.GetAsync(id);
        await services.SetProvisioningStatusAsync(id, service.Version, ProvisioningStatus.Active, "rendered");
        var whileActive = await update.GetResponse<NetworkServiceAccepted, RpcFault>(new UpdateNetworkService(id, ServiceConfigs.Of(new { vip = "10.0.0.20" })));

        Assert.True(whilePending.Is(out Response<RpcFault>? fault));
        Assert.Equal(RpcFaultCode.Conflict, fault!.Message.Code);
        Assert.True(whileActive.Is(out Response<NetworkServiceAccepted>? updating));
        var stored = await services.GetAsync(id);
        Assert.Equal((ProvisioningStatus.PendingUpdate, "10.0.0.20"), (stored.ProvisioningStatus, stored.ServiceConfig.GetProperty("vip").GetString()));
        var operation = await new OperationRepository(manager.Database.DataSource).GetAsync(updating!.Message.OperationId);
        Assert.Equal(OperationKind.Update, operation.Kind);
    }
}
