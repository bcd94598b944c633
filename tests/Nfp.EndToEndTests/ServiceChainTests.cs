using System.Text.Json;
using Dapper;
using MassTransit;
using Nfp.EndToEndTests.Fixtures;
using Nfp.IntegrationTests.Fixtures;
using Nfp.Schema.Resources;
using Nfp.Schema.Rpc;
using Microsoft.Extensions.DependencyInjection;
using static Nfp.EndToEndTests.Fixtures.ChainStack;
using static Nfp.IntegrationTests.Fixtures.TestSubnets;

namespace Nfp.EndToEndTests;

/// <summary>
/// A service chain rendered by the manager, for real: consumer → firewall (nfp/iptables-fw) → load
/// balancer (nfp/haproxy) → web backends, each device a container popd made, plugged and configured
/// through the agent, the proxy and the configurator's container; then traffic from the consumer
/// container shows what NFP did. Each test makes its chain and deletes it.
/// </summary>
public sealed class ServiceChainTests(ChainStack stack) : IClassFixture<ChainStack>, IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private readonly Guid _tenant = Guid.NewGuid();
    private readonly System.Collections.Concurrent.ConcurrentQueue<Guid> _created = new();

    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>
    /// A test that failed midway leaves nothing to the next (they share the networks and VIPs): what it
    /// made and did not delete is deleted — once no operation holds it — and gone before the next starts.
    /// </summary>
    public async Task DisposeAsync() => await Task.WhenAll(_created.Select(async id =>
    {
        await Eventually.HoldsAsync(async () =>
            (await stack.Services.GetAsync(id)).ProvisioningStatus is ProvisioningStatus.PendingDelete or ProvisioningStatus.Deleted
            || (await stack.Manager.Client<DeleteNetworkService>().GetResponse<NetworkServiceAccepted, RpcFault>(new DeleteNetworkService(id)))
                .Is(out Response<NetworkServiceAccepted>? _), Patience, $"network service {id}'s delete accepted");
        await GoneAsync(id);
    }));

    private string FirewallConsumerAddress => Host(stack.ConsumerNetwork.Cidr, 10);

    private string FirewallTransitAddress => Host(stack.TransitNetwork.Cidr, 10);

    /// <summary>The chain's VIP; the tests that make a load balancer alone take VIPs of their own, so that none waits on another's leftovers.</summary>
    private string Vip => Host(stack.TransitNetwork.Cidr, 20);

    [Fact]
    public async Task The_chain_passes_traffic_follows_its_members_and_firewall_rules_and_leaves_nothing_when_deleted()
    {
        var (firewall, loadBalancer) = await CreateChainAsync(stack.Webs.Take(2));
        Assert.Equal(stack.Webs.Take(2).Select(w => w.Name).Order(), (await stack.ConsumerContainer.AnswersAsync(Vip, 8)).Order());

        await AcceptedAsync(new PolicyTargetAddedNotification(loadBalancer, Member(stack.Webs[2])));
        await ActiveAsync(loadBalancer);
        await Eventually.HoldsAsync(async () => (await stack.ConsumerContainer.AnswersAsync(Vip, 3)).Contains(stack.Webs[2].Name), TimeSpan.FromSeconds(15),
            "the added backend answering through the VIP");

        await AcceptedAsync(new PolicyTargetRemovedNotification(loadBalancer, Member(stack.Webs[2])));
        await ActiveAsync(loadBalancer);
        Assert.DoesNotContain(stack.Webs[2].Name, await stack.ConsumerContainer.AnswersAsync(Vip, 9));

        await AcceptedAsync(new UpdateNetworkService(firewall, FirewallConfig("deny")));
        await ActiveAsync(firewall);
        var refused = await stack.ConsumerContainer.RunAsync("nc", "-zv", "-w", "3", Vip, "80");
        Assert.Contains("refused", refused.Error, StringComparison.Ordinal);

        await AcceptedAsync(new UpdateNetworkService(firewall, FirewallConfig("allow")));
        await ActiveAsync(firewall);
        Assert.NotNull(await stack.ConsumerContainer.GetAsync(Vip));

        var devices = new[] { await DeviceOfAsync(firewall), await DeviceOfAsync(loadBalancer) };
        // Each device's own agent password (and the configurator's agent secret) is a file in the device, in no docker inspect.
        foreach (var device in devices)
        {
            var inspected = await DockerCli.RunAsync("inspect", stack.DeviceContainer(device), stack.ConfiguratorContainer);
            Assert.DoesNotContain(DeviceAgent.Password(device), inspected, StringComparison.Ordinal);
            Assert.DoesNotContain(DeviceAgent.Secret, inspected, StringComparison.Ordinal);
            Assert.Equal(DeviceAgent.Password(device), await DockerCli.RunAsync("exec", stack.DeviceContainer(device), "cat", "/run/secrets/NFP_AGENT_PASSWORD"));
        }
        await Task.WhenAll(DeletedAsync(firewall), DeletedAsync(loadBalancer));
        await AssertNothingLeftAsync(devices);
    }

    [Fact]
    public async Task A_killed_load_balancer_device_is_failed_over_without_an_operator_and_its_vip_answers_again()
    {
        var loadBalancer = await CreateLoadBalancerAsync(stack.Webs.Take(1), vipHost: 21);
        var device = await DeviceOfAsync(loadBalancer);
        var vip = Host(stack.TransitNetwork.Cidr, 21);
        Assert.Equal(stack.Webs[0].Name, await stack.TransitClient.GetAsync(vip));

        await DockerCli.RunAsync("kill", stack.DeviceContainer(device));

        await Eventually.HoldsAsync(async () => await stack.TransitClient.GetAsync(vip) == stack.Webs[0].Name, Patience,
            "the VIP answered again by the replacement device");
        await OnlineAsync(loadBalancer);
        await AssertFailedOverAsync(loadBalancer, device);
        await DeletedAsync(loadBalancer);
        await AssertNothingLeftAsync([device]);
    }

    [Fact]
    public async Task An_active_standby_load_balancer_loses_at_most_two_seconds_when_its_active_device_dies_and_its_failover_restores_the_pair()
    {
        var request = LoadBalancerRequest(stack.Webs.Take(1), vipHost: 22);
        var pair = await CreateAsync(request with { ServiceProfile = request.ServiceProfile with { Topology = ServiceTopology.ActiveStandby } });
        await OnlineAsync(pair.NetworkServiceId);
        var vip = Host(stack.TransitNetwork.Cidr, 22);
        Assert.Equal(stack.Webs[0].Name, await stack.TransitClient.GetAsync(vip));

        // The instance the devices call active is the one whose device holds the VIP.
        var active = await HaStateSettledAsync(pair.NetworkServiceId);
        var holds = await DockerCli.RunAsync("exec", stack.DeviceContainer(active.NsdId!.Value), "ip", "-4", "-o", "addr");
        Assert.Contains($" {vip}/", holds, StringComparison.Ordinal);

        // A client on the transit network GETs the VIP every 100 ms for 10 s; 2 s in, the active device is killed.
        var client = stack.TransitClient.RunAsync("sh", "-c",
            $"end=$(($(date +%s) + 10)); while [ $(date +%s) -lt $end ]; do " +
            $"timeout 0.5 busybox wget -q -O- http://{vip}/ >/dev/null 2>&1 && date +%s%3N; sleep 0.1; done");
        await Task.Delay(TimeSpan.FromSeconds(2));
        var killedAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await DockerCli.RunAsync("kill", stack.DeviceContainer(active.NsdId.Value));
        var answered = (await client).Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(long.Parse).ToList();
        Assert.Contains(answered, t => t < killedAt);
        Assert.Contains(answered, t => t > killedAt + 4000);
        var gap = answered.Zip(answered.Skip(1), (before, after) => after - before).Max();
        Assert.True(gap <= 2000, $"the longest time without an answer through the VIP was {gap} ms");

        // The dead member is failed over; the pair is whole again, the survivor active as its device says.
        await Eventually.HoldsAsync(async () =>
        {
            await using var connection = await stack.Manager.Database.DataSource.OpenConnectionAsync();
            return await connection.ExecuteScalarAsync<bool>(
                "SELECT EXISTS (SELECT 1 FROM operations WHERE resource_id = @service AND kind = 'failover' AND state = 'COMPLETED')",
                new { service = pair.NetworkServiceId });
        }, Patience, "the dead member's failover completed");
        await OnlineAsync(pair.NetworkServiceId);
        await AssertFailedOverAsync(pair.NetworkServiceId, active.NsdId.Value);
        var survivor = await HaStateSettledAsync(pair.NetworkServiceId);
        Assert.NotEqual(active.Id, survivor.Id);
        Assert.Equal(stack.Webs[0].Name, await stack.TransitClient.GetAsync(vip));
        var devices = (await InstancesOfAsync(pair.NetworkServiceId)).Select(i => i.NsdId!.Value).ToList();
        await DeletedAsync(pair.NetworkServiceId);
        await AssertNothingLeftAsync(devices);
    }

    /// <summary>The pair's active instance, once the devices have told one active and the other standby.</summary>
    private async Task<NetworkServiceInstance> HaStateSettledAsync(Guid service)
    {
        NetworkServiceInstance? active = null;
        await Eventually.HoldsAsync(async () =>
        {
            // Two devices starting together may both say active for a moment, until their VRRP adverts meet.
            var instances = await InstancesOfAsync(service);
            var actives = instances.Where(i => i.HaState == HaState.Active).ToList();
            active = actives.Count == 1 ? actives[0] : null;
            return active is not null && instances.Count(i => i.HaState == HaState.Standby) == 1
                && instances.All(i => i.OperatingStatus == OperatingStatus.Online);
        }, Patience, $"network service {service}'s pair: one active, one standby");
        return active!;
    }

    private async Task<IReadOnlyList<NetworkServiceInstance>> InstancesOfAsync(Guid service) =>
        await stack.Manager.Factory.Services.GetRequiredService<Nfp.NetworkServiceManager.Persistence.NetworkServiceInstanceRepository>()
            .WhereAsync("network_service_id", service);

    [Fact]
    public async Task A_killed_firewall_in_a_chain_is_failed_over_and_the_consumer_reaches_the_vip_through_it_again()
    {
        var (firewall, loadBalancer) = await CreateChainAsync(stack.Webs.Take(1));
        var device = await DeviceOfAsync(firewall);
        Assert.Equal(stack.Webs[0].Name, await stack.ConsumerContainer.GetAsync(Vip));

        await DockerCli.RunAsync("kill", stack.DeviceContainer(device));

        await Eventually.HoldsAsync(async () => (await stack.Services.GetAsync(firewall)).OperatingStatus != OperatingStatus.Online,
            TimeSpan.FromSeconds(10), "the firewall no longer ONLINE");
        await Eventually.HoldsAsync(async () => await stack.ConsumerContainer.GetAsync(Vip) == stack.Webs[0].Name, Patience,
            "the chain passing traffic again through the replacement firewall");
        await OnlineAsync(firewall);
        await AssertFailedOverAsync(firewall, device);
        await Task.WhenAll(DeletedAsync(firewall), DeletedAsync(loadBalancer));
        await AssertNothingLeftAsync([device, await DeviceOfAsync(loadBalancer)]);
    }

    [Fact]
    public async Task Two_vpn_services_join_two_sites_degraded_until_both_are_there_and_a_killed_vpn_device_is_failed_over_and_the_tunnel_is_back()
    {
        // Site A is the transit network, site B the provider network; the gateways meet on the consumer network.
        var (siteA, siteB, shared) = (stack.TransitNetwork, stack.ProviderNetwork, stack.ConsumerNetwork);
        var hostA = await stack.HostAsync("site-a-host", siteA, 210);
        var hostB = await stack.HostAsync("site-b-host", siteB, 210);
        await hostA.RunAsync("ip", "route", "add", siteB.Cidr, "via", Host(siteA.Cidr, 30));
        await hostB.RunAsync("ip", "route", "add", siteA.Cidr, "via", Host(siteB.Cidr, 30));
        var vpnA = (await CreateAsync(VpnRequest("vpn-a", Host(shared.Cidr, 30), siteA, Host(shared.Cidr, 31), siteB))).NetworkServiceId;
        // Alone, vpn-a's connection has no peer: ACTIVE, and DEGRADED naming the connection.
        await ActiveAsync(vpnA);
        await Eventually.HoldsAsync(async () => (await stack.Services.GetAsync(vpnA)).OperatingStatus == OperatingStatus.Degraded,
            Patience, "vpn-a DEGRADED without its peer");
        Assert.Contains("connections down: to-peer", (await stack.Services.GetAsync(vpnA)).StatusDescription, StringComparison.Ordinal);
        var vpnB = (await CreateAsync(VpnRequest("vpn-b", Host(shared.Cidr, 31), siteB, Host(shared.Cidr, 30), siteA))).NetworkServiceId;
        // Each is ONLINE once its monitor sees the tunnel up (a moment DEGRADED before, while it comes up).
        await Task.WhenAll(TunnelOnlineAsync(vpnA), TunnelOnlineAsync(vpnB));
        await Eventually.HoldsAsync(async () => (await hostA.RunAsync("ping", "-c", "1", "-W", "1", Host(siteB.Cidr, 210))).ExitCode == 0,
            Patience, "site A's host reaching site B's through the tunnel");
        var device = await DeviceOfAsync(vpnA);

        await DockerCli.RunAsync("kill", stack.DeviceContainer(device));

        await Eventually.HoldsAsync(async () => (await hostA.RunAsync("ping", "-c", "1", "-W", "1", Host(siteB.Cidr, 210))).ExitCode != 0,
            TimeSpan.FromSeconds(10), "the tunnel down with vpn-a's device");
        await Eventually.HoldsAsync(async () => (await hostA.RunAsync("ping", "-c", "1", "-W", "1", Host(siteB.Cidr, 210))).ExitCode == 0,
            Patience, "the tunnel back through vpn-a's replacement device");
        Assert.Equal(0, (await hostB.RunAsync("ping", "-c", "2", "-W", "2", Host(siteA.Cidr, 210))).ExitCode);
        await TunnelOnlineAsync(vpnA);
        await AssertFailedOverAsync(vpnA, device);
        await Task.WhenAll(DeletedAsync(vpnA), DeletedAsync(vpnB));
        await AssertNothingLeftAsync([device, await DeviceOfAsync(vpnB)]);
    }

    [Fact]
    public async Task A_killed_configurator_is_noticed_made_again_at_its_address_and_a_device_killed_meanwhile_is_still_failed_over()
    {
        var loadBalancer = await CreateLoadBalancerAsync(stack.Webs.Take(1), vipHost: 25);
        var device = await DeviceOfAsync(loadBalancer);
        var vip = Host(stack.TransitNetwork.Cidr, 25);
        Assert.Equal(stack.Webs[0].Name, await stack.TransitClient.GetAsync(vip));
        var before = (await stack.Popd.Client.ContainersAsync(new Nfp.Pop.Protocol.Filter { Name = "configurator" })).Single();

        await DockerCli.RunAsync("kill", stack.ConfiguratorContainer);
        await Eventually.HoldsAsync(async () => await ConfiguratorCheckAsync() == "Degraded", TimeSpan.FromSeconds(10), "/healthz saying the configurator is not reached");
        await DockerCli.RunAsync("kill", stack.DeviceContainer(device));

        // The proxy's supervisor makes the configurator again at the address it had, and /healthz sees it back.
        await Eventually.HoldsAsync(async () =>
            (await stack.Popd.Client.ContainersAsync(new Nfp.Pop.Protocol.Filter { Name = "configurator" })).SingleOrDefault() is
            { Status: Nfp.Pop.Protocol.Container.Types.Status.Running } again && again.Id != before.Id
            && again.Endpoints.Values.First().Ipv4.Address == before.Endpoints.Values.First().Ipv4.Address,
            Patience, "the configurator's container made again at its address");
        await Eventually.HoldsAsync(async () => await ConfiguratorCheckAsync() == "Healthy", Patience, "/healthz seeing the configurator back");
        // The device that died meanwhile is failed over, configured by the new configurator, and watched by it.
        await Eventually.HoldsAsync(async () => await stack.TransitClient.GetAsync(vip) == stack.Webs[0].Name, Patience,
            "the VIP answered again by the replacement device");
        await OnlineAsync(loadBalancer);
        await AssertFailedOverAsync(loadBalancer, device);
        await DeletedAsync(loadBalancer);
    }

    /// <summary>The status of the configurator's check in the manager's /healthz.</summary>
    private async Task<string?> ConfiguratorCheckAsync()
    {
        using var http = stack.Manager.Factory.CreateClient();
        using var health = JsonDocument.Parse(await http.GetStringAsync(new Uri("/healthz", UriKind.Relative)));
        return health.RootElement.GetProperty("checks").GetProperty("configurator").GetProperty("status").GetString();
    }

    /// <summary>The service's device was replaced by an automatic failover that completed, after the heal that declared it dead.</summary>
    private async Task AssertFailedOverAsync(Guid service, Guid device)
    {
        await using var connection = await stack.Manager.Database.DataSource.OpenConnectionAsync();
        var operations = (await connection.QueryAsync<(string Kind, bool IsAutomatic, string State)>(
            "SELECT kind, is_automatic, state FROM operations WHERE resource_id = @service ORDER BY seq", new { service })).ToList();
        Assert.Contains(("heal", true, "COMPLETED"), operations);
        Assert.Contains(("failover", true, "COMPLETED"), operations);
        Assert.DoesNotContain(operations, o => o.State is "FAILED" or "FAILED_TEMP");
        Assert.Equal("ACTIVE", await connection.ExecuteScalarAsync<string>(
            "SELECT provisioning_status FROM network_service_devices WHERE id = @device", new { device }));
    }

    [Fact]
    public async Task A_service_in_error_after_a_step_passed_its_deadline_is_brought_back_by_a_retry_passing_traffic()
    {
        var loadBalancer = await CreateLoadBalancerAsync(stack.Webs.Take(1), vipHost: 23);
        var vip = Host(stack.TransitNetwork.Cidr, 23);
        Assert.Equal(stack.Webs[0].Name, await stack.TransitClient.GetAsync(vip));
        // With the configurator away, the update waits for an answer that does not come.
        await stack.StopConfiguratorAndProxyAsync();

        await AcceptedAsync(new UpdateNetworkService(loadBalancer, (await stack.Services.GetAsync(loadBalancer)).ServiceConfig));
        await Eventually.HoldsAsync(async () => (await stack.Services.GetAsync(loadBalancer)).ProvisioningStatus == ProvisioningStatus.Error,
            TimeSpan.FromSeconds(ConfigDeadlineSeconds + 30), "the update failing at its deadline");
        Assert.Contains("did not finish within", (await stack.Services.GetAsync(loadBalancer)).StatusDescription, StringComparison.Ordinal);
        await stack.StartConfiguratorAndProxyAsync();
        await AcceptedAsync(new RetryNetworkService(loadBalancer));

        await OnlineAsync(loadBalancer);
        Assert.Equal(stack.Webs[0].Name, await stack.TransitClient.GetAsync(vip));
        await DeletedAsync(loadBalancer);
    }

    [Fact]
    public async Task A_create_finishes_when_the_configurator_and_the_proxy_restart_midway()
    {
        var accepted = await CreateAsync(LoadBalancerRequest(stack.Webs.Take(1), vipHost: 22));
        await using (var connection = await stack.Manager.Database.DataSource.OpenConnectionAsync())
        {
            await Eventually.HoldsAsync(async () => await connection.ExecuteScalarAsync<string>(
                    "SELECT step FROM operations WHERE id = @id", new { id = accepted.OperationId }) is "create_nsd_config" or "create_network_service_config",
                Patience, "the create waiting on the configurator");
        }

        await stack.RestartConfiguratorAndProxyAsync();

        await ActiveAsync(accepted.NetworkServiceId);
        await DeletedAsync(accepted.NetworkServiceId);
    }

    private async Task<(Guid Firewall, Guid LoadBalancer)> CreateChainAsync(IEnumerable<(string Name, string Address)> members)
    {
        var firewall = CreateAsync(new CreateNetworkService(_tenant, Guid.NewGuid(), new ServiceProfile(Guid.NewGuid(), ServiceType.Firewall, Iptables),
        [
            new PortInfoRequest(Guid.NewGuid(), PortPolicy.GbpPolicyTarget, PortClassification.Consumer, stack.ConsumerNetwork.Name, IpAddress: FirewallConsumerAddress),
            new PortInfoRequest(Guid.NewGuid(), PortPolicy.GbpPolicyTarget, PortClassification.Provider, stack.TransitNetwork.Name, IpAddress: FirewallTransitAddress),
        ], "fw", ServiceConfig: FirewallConfig("allow")));
        var loadBalancer = CreateLoadBalancerAsync(members);
        var ids = (await firewall).NetworkServiceId;
        var lb = await loadBalancer;
        await ActiveAsync(ids);
        await stack.ConsumerContainer.RunAsync("ip", "route", "replace", stack.TransitNetwork.Cidr, "via", FirewallConsumerAddress);
        return (ids, lb);
    }

    private async Task<Guid> CreateLoadBalancerAsync(IEnumerable<(string Name, string Address)> members, int vipHost = 20)
    {
        var accepted = await CreateAsync(LoadBalancerRequest(members, vipHost));
        await ActiveAsync(accepted.NetworkServiceId);
        return accepted.NetworkServiceId;
    }

    private CreateNetworkService LoadBalancerRequest(IEnumerable<(string Name, string Address)> members, int vipHost) =>
        new(_tenant, Guid.NewGuid(), new ServiceProfile(Guid.NewGuid(), ServiceType.Loadbalancer, Haproxy),
        [
            new PortInfoRequest(Guid.NewGuid(), PortPolicy.GbpPolicyTarget, PortClassification.Consumer, stack.TransitNetwork.Name,
                IpAddress: Host(stack.TransitNetwork.Cidr, vipHost)),
            new PortInfoRequest(Guid.NewGuid(), PortPolicy.GbpPolicyTarget, PortClassification.Provider, stack.ProviderNetwork.Name),
        ], "lb", ServiceConfig: ServiceConfigs.Of(new
        {
            listener = new { port = 80, protocol = "http" },
            pool = new { lb_method = "round_robin", health_check = new { type = "http", path = "/", interval_ms = 500, rise = 1, fall = 2 } },
            member_port = 80,
            routes = new[] { new { destination = stack.ConsumerNetwork.Cidr, nexthop = FirewallTransitAddress } },
        }), PolicyTargets: members.Select(Member).ToList());

    private System.Text.Json.JsonElement FirewallConfig(string http) => ServiceConfigs.Of(new
    {
        rules = new[] { new { action = http, protocol = "tcp", port = 80, source_cidr = stack.ConsumerNetwork.Cidr } },
    });

    /// <summary>A VPN service ACTIVE, then ONLINE once its device reports its connection up.</summary>
    private async Task TunnelOnlineAsync(Guid id)
    {
        await ActiveAsync(id);
        await Eventually.HoldsAsync(async () => (await stack.Services.GetAsync(id)).OperatingStatus == OperatingStatus.Online, Patience, $"VPN service {id} ONLINE");
    }

    /// <summary>
    /// A VPN service <paramref name="name"/>: its public address <paramref name="publicAddress"/> on the consumer
    /// network, host 30 of <paramref name="site"/>, one connection to the gateway at <paramref name="peer"/> for <paramref name="peerSite"/>.
    /// </summary>
    private CreateNetworkService VpnRequest(string name, string publicAddress, (string Name, string Cidr) site, string peer, (string Name, string Cidr) peerSite) =>
        new(_tenant, Guid.NewGuid(), new ServiceProfile(Guid.NewGuid(), ServiceType.Vpn, ChainStack.Strongswan),
        [
            new PortInfoRequest(Guid.NewGuid(), PortPolicy.GbpPolicyTarget, PortClassification.Consumer, stack.ConsumerNetwork.Name, IpAddress: publicAddress),
            new PortInfoRequest(Guid.NewGuid(), PortPolicy.GbpPolicyTarget, PortClassification.Provider, site.Name, IpAddress: Host(site.Cidr, 30)),
        ],
        name, ServiceConfig: ServiceConfigs.Of(new
        {
            site_connections = new[]
            {
                new
                {
                    name = "to-peer", peer_address = peer, peer_cidrs = new[] { peerSite.Cidr }, local_cidrs = new[] { site.Cidr },
                    psk = "chain-test-key-4711", dpd = new { action = "restart", interval_seconds = 5, timeout_seconds = 15 },
                },
            },
        }));

    private static readonly Guid ProviderGroup = Guid.NewGuid();

    /// <summary>A backend as a policy target, its id made from its address: a removal names the member its addition made.</summary>
    private static PolicyTarget Member((string Name, string Address) web) =>
        new(new Guid(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(web.Address))[..16]), ProviderGroup, web.Address, web.Name);

    private async Task<NetworkServiceAccepted> CreateAsync(CreateNetworkService request)
    {
        var accepted = await AcceptedAsync(request);
        _created.Enqueue(accepted.NetworkServiceId);
        return accepted;
    }

    private async Task<NetworkServiceAccepted> AcceptedAsync<T>(T request) where T : class
    {
        var response = await stack.Manager.Client<T>().GetResponse<NetworkServiceAccepted, RpcFault>(request);
        return response.Is(out Response<NetworkServiceAccepted>? accepted) ? accepted!.Message
            : response.Is(out Response<RpcFault>? fault) ? throw new Xunit.Sdk.XunitException($"{typeof(T).Name} refused: {JsonSerializer.Serialize(fault!.Message)}")
            : throw new InvalidOperationException("Neither answer.");
    }

    private async Task ActiveAsync(Guid id)
    {
        NetworkService? service = null;
        await Eventually.HoldsAsync(async () =>
        {
            service = await stack.Services.GetAsync(id);
            Assert.True(service.ProvisioningStatus != ProvisioningStatus.Error, $"network service {id} ERROR: {service.StatusDescription}");
            return service.ProvisioningStatus == ProvisioningStatus.Active;
        }, Patience, $"network service {id} ACTIVE");
    }

    /// <summary>ACTIVE, and ONLINE: its health monitor saw the device answer.</summary>
    private async Task OnlineAsync(Guid id)
    {
        await ActiveAsync(id);
        Assert.Equal(OperatingStatus.Online, (await stack.Services.GetAsync(id)).OperatingStatus);
    }

    private async Task DeletedAsync(Guid id)
    {
        await AcceptedAsync(new DeleteNetworkService(id));
        await GoneAsync(id);
    }

    private async Task GoneAsync(Guid id) =>
        await Eventually.HoldsAsync(async () => (await stack.Services.GetAsync(id)).ProvisioningStatus == ProvisioningStatus.Deleted,
            Patience, $"network service {id} DELETED");

    private async Task<Guid> DeviceOfAsync(Guid service)
    {
        await using var connection = await stack.Manager.Database.DataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<Guid>("SELECT nsd_id FROM network_service_instances WHERE network_service_id = @service", new { service });
    }

    /// <summary>No device container, no device on the tenant networks, no row of the tenant's that is not DELETED.</summary>
    private async Task AssertNothingLeftAsync(IEnumerable<Guid> devices)
    {
        foreach (var device in devices)
        {
            Assert.Empty(await DockerCli.ContainersLabelled($"nfp.nsd_id={device}"));
        }
        foreach (var network in new[] { stack.ConsumerNetwork, stack.TransitNetwork, stack.ProviderNetwork })
        {
            var attached = await DockerCli.RunAsync("network", "inspect", "-f", "{{range .Containers}}{{.Name}} {{end}}", network.Name);
            Assert.DoesNotContain(".nsd-", attached, StringComparison.Ordinal);
        }
        Assert.DoesNotContain(await stack.Popd.Client.ContainersAsync(), c => c.Names.Any(n => n.StartsWith("nsd-", StringComparison.Ordinal)));
        await using var connection = await stack.Manager.Database.DataSource.OpenConnectionAsync();
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>(
            """
            SELECT (SELECT count(*) FROM network_services WHERE tenant_id = @tenant AND provisioning_status <> 'DELETED')
                 + (SELECT count(*) FROM network_service_instances WHERE tenant_id = @tenant AND provisioning_status <> 'DELETED')
                 + (SELECT count(*) FROM network_service_devices WHERE tenant_id = @tenant AND provisioning_status <> 'DELETED')
            """, new { tenant = _tenant }));
    }
}
