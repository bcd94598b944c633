using System.Net;
using System.Net.Http.Json;
using Nfp.EndToEndTests.Fixtures;
using Nfp.IntegrationTests.Fixtures;
using Nfp.Schema.Configurator;
using Nfp.Schema.Json;
using Nfp.Schema.Resources;
using static Nfp.EndToEndTests.Fixtures.VendorConfigurator;
using static Nfp.IntegrationTests.Fixtures.RecordingVendorDriver;

namespace Nfp.EndToEndTests;

/// <summary>
/// The configurator's vendor drivers on real devices: what they apply through the device agents is
/// what the traffic from a consumer container does — through the iptables firewall to the haproxy VIP
/// and on to the web backends. Every test applies the whole config it needs, so their order does not matter.
/// </summary>
public sealed class DeviceTrafficTests(DeviceLab lab) : IClassFixture<DeviceLab>
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_device_given_a_dead_devices_management_address_does_not_make_the_dead_one_look_alive()
    {
        var dead = await lab.AgentAsync(40);
        await lab.Configurator.ApplyAsync(ConfiguratorMethod.CreateNetworkServiceHealthmonitor, Request(ServiceType.Loadbalancer, VendorConfigurator.Haproxy, dead,
            Resource(ConfigResourceKind.Healthmonitor, new { dead.MgmtIpAddress, Periodicity = "forever" })));

        // The device dies and another device is given its management address, as a Pop would give a free one.
        await DockerCli.RunAsync("rm", "-f", dead.Container);
        var impostor = await lab.AgentAsync(40);
        Assert.Equal(dead.MgmtIpAddress, impostor.MgmtIpAddress);
        // Its agent listens a moment after its container starts.
        await Eventually.HoldsAsync(async () => (await impostor.HealthAsync()).Status != 0, Soon, "the newcomer's agent listening");
        Assert.Equal((200, $"ok {impostor.NsdId:D}"), await impostor.HealthAsync());

        // The dead device's monitor finds it dead, and the answers at its address do not revive it: the
        // newcomer refuses the dead device's credential.
        await lab.Configurator.NotificationAsync(dead.NsdId, n => n.Health == NsdHealth.Unreachable, Soon);
        Assert.Equal(401, (await dead.HealthAsync()).Status);
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.DoesNotContain(await lab.Configurator.DrainAsync(), n => n.Context.NsdId == dead.NsdId && n.Health == NsdHealth.Reachable);
        await DockerCli.RunAsync("rm", "-f", impostor.Container);
    }

    [Fact]
    public async Task The_vip_is_answered_by_both_backends_through_the_firewall()
    {
        await ChainAsync(lab.Webs.Take(2));

        var answers = await lab.ConsumerContainer.AnswersAsync(lab.Vip, 8);

        Assert.Equal(lab.Webs.Take(2).Select(w => w.Name).Order(), answers.Order());
    }

    [Fact]
    public async Task A_member_added_gets_traffic_and_a_member_removed_gets_none()
    {
        await ChainAsync(lab.Webs);
        Assert.Contains(lab.Webs[2].Name, await lab.ConsumerContainer.AnswersAsync(lab.Vip, 9));

        await ApplyLoadBalancerAsync(lab.Webs.Take(2));

        Assert.DoesNotContain(lab.Webs[2].Name, await lab.ConsumerContainer.AnswersAsync(lab.Vip, 9));
    }

    [Fact]
    public async Task A_reload_keeps_an_established_connection()
    {
        await ChainAsync(lab.Webs.Take(1));
        await ApplyFirewallAsync(new { Action = "allow", Protocol = "tcp", Port = DeviceLab.EchoPort, SourceCidr = lab.Consumer.Cidr });
        await ApplyLoadBalancerAsync([(lab.EchoContainer, lab.EchoAddress)], DeviceLab.EchoPort, "tcp");
        var marker = Guid.NewGuid().ToString("N");
        // One connection through the VIP that sends a line, waits, then sends another.
        var connection = lab.ConsumerContainer.RunAsync("sh", "-c", $"(echo first-{marker}; sleep 3; echo second-{marker}) | nc -N {lab.Vip} {DeviceLab.EchoPort}");
        await Eventually.HoldsAsync(async () => (await DockerCli.RunAsync("logs", lab.EchoContainer)).Contains($"first-{marker}", StringComparison.Ordinal),
            TimeSpan.FromSeconds(10), "the first line through the VIP");

        // A new config (one more member) while the connection is open: haproxy reloads.
        await ApplyLoadBalancerAsync([(lab.EchoContainer, lab.EchoAddress), (lab.Webs[0].Name, lab.Webs[0].Address)], DeviceLab.EchoPort, "tcp");
        Assert.Contains("member1", await lab.LoadBalancer.RunningConfigAsync("haproxy"), StringComparison.Ordinal);

        Assert.Equal(0, (await connection).ExitCode);
        Assert.Contains($"second-{marker}", await DockerCli.RunAsync("logs", lab.EchoContainer), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_firewall_rule_update_blocks_a_port_and_unblocks_it()
    {
        await ChainAsync(lab.Webs.Take(2));
        Assert.NotNull(await lab.ConsumerContainer.GetAsync(lab.Vip));

        await ApplyFirewallAsync(new { Action = "deny", Protocol = "tcp", Port = 80 });
        var refused = await lab.ConsumerContainer.RunAsync("nc", "-zv", "-w", "3", lab.Vip, "80");
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("refused", refused.Error, StringComparison.Ordinal);

        await ApplyFirewallAsync(new { Action = "allow", Protocol = "tcp", Port = 80, SourceCidr = lab.Consumer.Cidr, DestinationCidr = lab.Transit.Cidr });
        Assert.NotNull(await lab.ConsumerContainer.GetAsync(lab.Vip));
    }

    [Fact]
    public async Task The_agents_health_is_503_with_the_reason_while_haproxy_is_not_running()
    {
        Assert.Equal((200, $"ok {lab.LoadBalancer.NsdId:D}"), await lab.LoadBalancer.HealthAsync());
        // The check reads haproxy's pid file: pointing it at no process is, to the check, haproxy gone.
        await DockerCli.RunAsync("exec", lab.LoadBalancer.Container, "sh", "-c", "cp /run/haproxy.pid /run/haproxy.pid.kept && echo 999999 >/run/haproxy.pid");
        try
        {
            Assert.Equal((503, "haproxy is not running"), await lab.LoadBalancer.HealthAsync());
        }
        finally
        {
            await DockerCli.RunAsync("exec", lab.LoadBalancer.Container, "mv", "/run/haproxy.pid.kept", "/run/haproxy.pid");
        }
        Assert.Equal((200, $"ok {lab.LoadBalancer.NsdId:D}"), await lab.LoadBalancer.HealthAsync());
    }

    [Theory]
    [InlineData("unknown resource", "config[0].resource")]
    [InlineData("malformed member address", "config[0].resource_data.members[0].address")]
    [InlineData("missing listener", "config[0].resource_data.listener")]
    [InlineData("member port 70000", "config[0].resource_data.members[0].port")]
    public async Task A_bad_load_balancer_body_is_refused_and_the_running_config_stays(string fault, string field)
    {
        await ChainAsync(lab.Webs.Take(2));
        var before = await lab.LoadBalancer.RunningConfigAsync("haproxy");
        object data = fault switch
        {
            "malformed member address" => LoadBalancerData([("bad", "10.0.0.300")]),
            "missing listener" => new { lab.LoadBalancer.MgmtIpAddress, Pool = new { }, Members = Array.Empty<object>() },
            "member port 70000" => LoadBalancerData(lab.Webs.Take(1), memberPort: 70000),
            _ => LoadBalancerData(lab.Webs),
        };
        var kind = fault == "unknown resource" ? ConfigResourceKind.Vpn : ConfigResourceKind.Loadbalancer;

        var response = await lab.Configurator.CallAsync(ConfiguratorMethod.CreateNetworkServiceConfig,
            Request(ServiceType.Loadbalancer, VendorConfigurator.Haproxy, lab.LoadBalancer, Resource(kind, data)));

        await AssertRefusedAsync(response, field);
        Assert.Equal(before, await lab.LoadBalancer.RunningConfigAsync("haproxy"));
    }

    [Theory]
    [InlineData(70000, "tcp", "", "config[0].resource_data.rules[0].port")]
    [InlineData(80, "icmp", "", "config[0].resource_data.rules[0].port")]
    [InlineData(80, "tcp", "10.1.0.0/33", "config[0].resource_data.rules[0].source_cidr")]
    public async Task A_bad_firewall_rule_is_refused_and_the_running_rules_stay(int port, string protocol, string sourceCidr, string field)
    {
        await ChainAsync(lab.Webs.Take(2));
        var before = await lab.Firewall.RunningConfigAsync("firewall");

        var response = await lab.Configurator.CallAsync(ConfiguratorMethod.CreateNetworkServiceConfig,
            Request(ServiceType.Firewall, VendorConfigurator.Iptables, lab.Firewall, Resource(ConfigResourceKind.Firewall,
                new { lab.Firewall.MgmtIpAddress, Rules = new[] { new { Action = "allow", Protocol = protocol, Port = port, SourceCidr = sourceCidr } } })));

        await AssertRefusedAsync(response, field);
        Assert.Equal(before, await lab.Firewall.RunningConfigAsync("firewall"));
        Assert.NotNull(await lab.ConsumerContainer.GetAsync(lab.Vip));
    }

    [Fact]
    public async Task A_missing_field_in_the_interfaces_is_refused()
    {
        var response = await lab.Configurator.CallAsync(ConfiguratorMethod.CreateNsdConfig,
            Request(ServiceType.Loadbalancer, VendorConfigurator.Haproxy, lab.LoadBalancer, Resource(ConfigResourceKind.Interfaces,
                new { lab.LoadBalancer.MgmtIpAddress, Interfaces = new[] { new { Network = "x" } } })));

        await AssertRefusedAsync(response, "config[0].resource_data.interfaces[0].port_id");
    }

    [Fact]
    public async Task An_active_standby_pair_moves_its_vip_to_the_standby_within_two_seconds_when_the_active_device_dies()
    {
        await ChainAsync(lab.Webs.Take(2));
        var (a, b) = await lab.PairAsync(50);
        foreach (var (device, peer, priority) in new[] { (a, b, 110), (b, a, 100) })
        {
            var interfaces = await device.DataInterfacesAsync(lab.Mgmt.Name);
            var transit = interfaces.Single(i => i.Network == lab.Transit.Name);
            await lab.Configurator.ApplyAsync(ConfiguratorMethod.CreateNsdConfig, Request(ServiceType.Loadbalancer, VendorConfigurator.Haproxy, device,
                Resource(ConfigResourceKind.Interfaces, new
                {
                    device.MgmtIpAddress,
                    Interfaces = interfaces.Select(i => new
                    {
                        PortId = Guid.NewGuid(), PortClassification = i.Network == lab.Provider.Name ? "provider" : "consumer", i.Network,
                        IpAddress = i.Address, Cidr = i.Network == lab.Provider.Name ? lab.Provider.Cidr : lab.Transit.Cidr, i.Mac,
                    }),
                }),
                Resource(ConfigResourceKind.Routes, new { device.MgmtIpAddress, Routes = new[] { new { Destination = lab.Consumer.Cidr, Nexthop = lab.FirewallTransitAddress } } }),
                Resource(ConfigResourceKind.Vrrp, new VrrpData(device.MgmtIpAddress, peer.MgmtIpAddress, 51, priority, 300,
                    [new VirtualAddress(lab.PairVip, lab.Transit.Cidr, transit.Mac)]))));
            await lab.Configurator.ApplyAsync(ConfiguratorMethod.CreateNetworkServiceConfig, Request(ServiceType.Loadbalancer, VendorConfigurator.Haproxy, device,
                Resource(ConfigResourceKind.Loadbalancer, LoadBalancerData(lab.Webs.Take(2), device, lab.PairVip))));
        }
        // Both watched; every notification kept from here on (a drain takes them all).
        foreach (var device in new[] { a, b })
        {
            var response = await lab.Configurator.CallAsync(ConfiguratorMethod.CreateNetworkServiceHealthmonitor, Request(ServiceType.Loadbalancer,
                VendorConfigurator.Haproxy, device, Resource(ConfigResourceKind.Healthmonitor, new { device.MgmtIpAddress, Periodicity = "forever", IntervalMs = 100 })));
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        // One of them becomes MASTER and holds the VIP; its probes say so, and its peer's say standby.
        var told = new List<ConfiguratorNotification>();
        HaState? Last(Device device) => told.LastOrDefault(n => n.Context.NsdId == device.NsdId && n.HaState is not null)?.HaState;
        await Eventually.HoldsAsync(async () =>
        {
            told.AddRange(await lab.Configurator.DrainAsync());
            return new[] { Last(a), Last(b) }.Order().SequenceEqual(new HaState?[] { HaState.Active, HaState.Standby });
        }, Soon, "one device of the pair active, the other standby");
        var (active, standby) = Last(a) == HaState.Active ? (a, b) : (b, a);
        Assert.Contains(lab.PairVip, await active.RunningConfigAsync("vrrp"), StringComparison.Ordinal);
        Assert.DoesNotContain(lab.PairVip, await standby.RunningConfigAsync("vrrp"), StringComparison.Ordinal);
        Assert.Equal(lab.Webs.Take(2).Select(w => w.Name).Order(), (await lab.ConsumerContainer.AnswersAsync(lab.PairVip, 6)).Order());

        // A client sends a GET every 100 ms through the VIP for 8 s; 2 s in, the active device is killed.
        var client = lab.ConsumerContainer.RunAsync("sh", "-c",
            $"end=$(($(date +%s) + 8)); while [ $(date +%s) -lt $end ]; do " +
            $"timeout 0.5 busybox wget -q -O- http://{lab.PairVip}/ >/dev/null 2>&1 && date +%s%3N; sleep 0.1; done");
        await Task.Delay(TimeSpan.FromSeconds(2));
        var killedAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await DockerCli.RunAsync("kill", active.Container);
        var (_, output, _) = await client;

        var answered = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(long.Parse).ToList();
        Assert.Contains(answered, t => t < killedAt);
        Assert.Contains(answered, t => t > killedAt + 2500);
        var gap = answered.Zip(answered.Skip(1), (before, after) => after - before).Max();
        Assert.True(gap <= 2000, $"the longest time without an answer through the VIP was {gap} ms");
        await Eventually.HoldsAsync(async () =>
        {
            told.AddRange(await lab.Configurator.DrainAsync());
            return Last(standby) == HaState.Active;
        }, Soon, "the standby reported active");
        Assert.Contains(lab.PairVip, await standby.RunningConfigAsync("vrrp"), StringComparison.Ordinal);
        await DockerCli.RunAsync("rm", "-f", a.Container, b.Container);
    }

    /// <summary>The whole chain's config: both devices' interfaces, the load balancer's way back, the firewall letting HTTP through, the pool.</summary>
    private async Task ChainAsync(IEnumerable<(string Name, string Address)> members)
    {
        foreach (var (device, type, vendor) in new[]
                 {
                     (lab.Firewall, ServiceType.Firewall, VendorConfigurator.Iptables),
                     (lab.LoadBalancer, ServiceType.Loadbalancer, VendorConfigurator.Haproxy),
                 })
        {
            var interfaces = (await device.DataInterfacesAsync(lab.Mgmt.Name)).Select(i => new
            {
                PortId = Guid.NewGuid(),
                PortClassification = i.Network == lab.Provider.Name || (device == lab.Firewall && i.Network == lab.Transit.Name) ? "provider" : "consumer",
                i.Network,
                IpAddress = i.Address,
                Cidr = new[] { lab.Consumer, lab.Transit, lab.Provider }.Single(n => n.Name == i.Network).Cidr,
                i.Mac,
            });
            var routes = device == lab.LoadBalancer ? new[] { new { Destination = lab.Consumer.Cidr, Nexthop = lab.FirewallTransitAddress } } : [];
            await lab.Configurator.ApplyAsync(ConfiguratorMethod.CreateNsdConfig, Request(type, vendor, device,
                Resource(ConfigResourceKind.Interfaces, new { device.MgmtIpAddress, Interfaces = interfaces }),
                Resource(ConfigResourceKind.Routes, new { device.MgmtIpAddress, Routes = routes })));
        }
        await ApplyFirewallAsync(new { Action = "allow", Protocol = "tcp", Port = 80, SourceCidr = lab.Consumer.Cidr });
        await ApplyLoadBalancerAsync(members);
    }

    private Task ApplyFirewallAsync(params object[] rules) =>
        lab.Configurator.ApplyAsync(ConfiguratorMethod.CreateNetworkServiceConfig, Request(ServiceType.Firewall, VendorConfigurator.Iptables, lab.Firewall,
            Resource(ConfigResourceKind.Firewall, new { lab.Firewall.MgmtIpAddress, Rules = rules })));

    private Task ApplyLoadBalancerAsync(IEnumerable<(string Name, string Address)> members, int port = 80, string protocol = "http") =>
        lab.Configurator.ApplyAsync(ConfiguratorMethod.CreateNetworkServiceConfig, Request(ServiceType.Loadbalancer, VendorConfigurator.Haproxy, lab.LoadBalancer,
            Resource(ConfigResourceKind.Loadbalancer, LoadBalancerData(members, port, protocol, port))));

    private object LoadBalancerData(IEnumerable<(string Name, string Address)> members, int port = 80, string protocol = "http", int memberPort = 80) =>
        LoadBalancerData(members, lab.LoadBalancer, lab.Vip, port, protocol, memberPort);

    private static object LoadBalancerData(
        IEnumerable<(string Name, string Address)> members, Device device, string vip, int port = 80, string protocol = "http", int memberPort = 80) => new
    {
        device.MgmtIpAddress,
        Listener = new { Address = vip, Port = port, Protocol = protocol },
        Pool = new { LbMethod = "round_robin" },
        Members = members.Select(m => new { m.Address, Port = memberPort }),
    };
}
