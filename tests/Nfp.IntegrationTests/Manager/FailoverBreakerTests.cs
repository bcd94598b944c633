using System.Text.Json;
using Nfp.IntegrationTests.Fixtures;
using Nfp.Pop.Protocol;
using Nfp.Schema.Resources;
using Nfp.Schema.Rpc;

namespace Nfp.IntegrationTests.Manager;

/// <summary>
/// The circuit breaker of automatic failover, with its threshold at two devices: three devices that die
/// together are not failed over automatically — a lost Pop must not set off a storm — the services say
/// why, /healthz shows the breaker open, and the operator's failover still works.
/// </summary>
public sealed class FailoverBreakerTests(BreakerStack stack) : OrchestrationTestBase(stack), IClassFixture<BreakerStack>
{
    [Fact]
    public async Task Three_devices_dead_at_once_open_the_breaker_and_only_the_operators_failover_replaces_one()
    {
        var created = new List<NetworkServiceAccepted>();
        for (var i = 0; i < 3; i++)
        {
            created.Add(await CreateAsync(Create(Guid.NewGuid(), i % 2 * 2)));
        }
        var devices = new List<NetworkServiceDevice>();
        foreach (var accepted in created)
        {
            await StatusAsync(accepted.NetworkServiceId, ProvisioningStatus.Active);
            devices.Add(await DeviceOfAsync(accepted.NetworkServiceId));
        }

        // popd's Watch tells the three deaths (as a lost host would), each a heal and a failover settling for 3 s.
        await DockerCli.RunAsync(["kill", .. devices.Select(d => $"{Stack.Popd.PopName}.nsd-{d.Id:N}")]);

        foreach (var accepted in created)
        {
            var service = await StatusAsync(accepted.NetworkServiceId, ProvisioningStatus.Error);
            Assert.Contains("circuit breaker", service.StatusDescription, StringComparison.Ordinal);
            Assert.NotEqual(OperatingStatus.Online, service.OperatingStatus);
            var failover = Assert.Single(await Operations.WhereAsync("resource_id", accepted.NetworkServiceId), o => o.Kind == OperationKind.Failover);
            Assert.Equal((true, OperationState.FailedTemp), (failover.IsAutomatic, failover.State));
            Assert.Equal(["failover_nsd"], (await Operations.StepsAsync(failover.Id)).Select(s => s.Step).Distinct());
        }
        // No replacement was made: each device's container is the dead one.
        foreach (var device in devices)
        {
            Assert.Equal(Container.Types.Status.Failed, (await ContainerAsync(device))!.Status);
        }
        using var http = Stack.Manager.Factory.CreateClient();
        using var health = JsonDocument.Parse(await http.GetStringAsync(new Uri("/healthz", UriKind.Relative)));
        var breaker = health.RootElement.GetProperty("checks").GetProperty("failover");
        Assert.Equal(("Degraded", "Degraded"), (health.RootElement.GetProperty("status").GetString(), breaker.GetProperty("status").GetString()));
        Assert.Contains("3 devices died", breaker.GetProperty("description").GetString(), StringComparison.Ordinal);

        await AcceptedAsync(new FailoverNetworkService(created[0].NetworkServiceId));
        await StatusAsync(created[0].NetworkServiceId, ProvisioningStatus.Active);
        Assert.Equal(Container.Types.Status.Running, (await ContainerAsync(devices[0]))!.Status);
        foreach (var accepted in created)
        {
            await DeleteAsync(accepted.NetworkServiceId);
            await StatusAsync(accepted.NetworkServiceId, ProvisioningStatus.Deleted);
        }
    }
}
