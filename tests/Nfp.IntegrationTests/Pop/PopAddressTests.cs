using System.Net;
using Grpc.Core;
using Nfp.IntegrationTests.Fixtures;
using Nfp.Pop.Protocol;

namespace Nfp.IntegrationTests.Pop;

/// <summary>Address allocation under load and at its limits, and networks beyond the default one.</summary>
public sealed class PopAddressTests(PopdServer popd) : IClassFixture<PopdServer>
{
    private async Task<string> NetworkAsync(int prefix, bool ipv6 = false)
    {
        var (ipv4Cidr, ipv6Cidr) = TestSubnets.Next(prefix);
        var name = $"{popd.PopName}-n{Guid.NewGuid():N}"[..30];
        await popd.Client.CreateNetworkAsync(new NetworkConfig
        {
            Name = name,
            Ipv4 = new Subnet { Cidr = ipv4Cidr },
            Ipv6 = ipv6 ? new Subnet { Cidr = ipv6Cidr } : null,
        });
        return name;
    }

    private static ContainerConfig On(string network)
    {
        var config = new ContainerConfig { Name = $"c{Guid.NewGuid():N}"[..12], ImageId = PopdServer.Image };
        config.Endpoints[network] = new Endpoint();
        return config;
    }

    [Fact]
    public async Task Two_hundred_concurrent_creates_on_one_network_get_two_hundred_distinct_addresses()
    {
        var network = await NetworkAsync(24);

        var created = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => Task.Run(() => popd.Client.CreateAsync(On(network)))));

        var addresses = created.Select(c => c.Endpoints[network].Ipv4.Address).ToList();
        Assert.Equal(200, addresses.Distinct().Count());
        Assert.DoesNotContain(created[0].Endpoints[network].Ipv4.Subnet.Gateway, addresses);
    }

    [Fact]
    public async Task A_slash_29_runs_out_after_five_containers_and_a_delete_frees_one_address()
    {
        var network = await NetworkAsync(29);
        var five = new List<Container>();
        for (var i = 0; i < 5; i++)
        {
            five.Add(await popd.Client.CreateAsync(On(network)));
        }

        var exhausted = await Assert.ThrowsAsync<RpcException>(() => popd.Client.CreateAsync(On(network)));
        await popd.Client.DeleteAsync(new Filter { Id = five[2].Id });
        var again = await popd.Client.CreateAsync(On(network));

        Assert.Equal(StatusCode.ResourceExhausted, exhausted.StatusCode);
        Assert.Equal(five[2].Endpoints[network].Ipv4.Address, again.Endpoints[network].Ipv4.Address);
    }

    [Fact]
    public async Task A_dual_stack_network_is_made_in_Docker_and_gives_both_addresses_inside_the_container()
    {
        var network = await NetworkAsync(24, ipv6: true);
        var config = On(network);

        var running = await popd.Client.StartAsync(new Filter { Id = (await popd.Client.CreateAsync(config)).Id });

        var endpoint = running.Endpoints[network];
        Assert.Equal(System.Net.Sockets.AddressFamily.InterNetworkV6, IPAddress.Parse(endpoint.Ipv6.Address).AddressFamily);
        var inside = await DockerCli.RunAsync("exec", $"{popd.PopName}.{config.Name}", "ip", "addr");
        Assert.Contains($"inet {endpoint.Ipv4.Address}/", inside, StringComparison.Ordinal);
        Assert.Contains($"inet6 {endpoint.Ipv6.Address}/", inside, StringComparison.Ordinal);
        await popd.Client.DeleteAsync(new Filter { Id = running.Id });
    }

    [Fact]
    public async Task A_network_in_use_cannot_be_deleted_and_an_empty_one_is_removed_from_Docker()
    {
        var network = await NetworkAsync(28);
        var holder = await popd.Client.CreateAsync(On(network));

        var inUse = await Assert.ThrowsAsync<RpcException>(() => popd.Client.DeleteNetworkAsync(new Filter { Name = network }));
        await popd.Client.DeleteAsync(new Filter { Id = holder.Id });
        await popd.Client.DeleteNetworkAsync(new Filter { Name = network });

        Assert.Equal(StatusCode.FailedPrecondition, inUse.StatusCode);
        Assert.Empty(await popd.Client.NetworksAsync(new Filter { Name = network }));
        Assert.NotEqual(0, (await DockerCli.TryRunAsync("network", "inspect", network)).ExitCode);
    }

    [Fact]
    public async Task An_adopted_default_network_never_hands_out_addresses_its_other_containers_hold()
    {
        var adopting = new PopdServer { DefaultNetwork = $"adopt-{Guid.NewGuid():N}"[..20] };
        var label = $"nfp.pop={adopting.PopName}";
        var cidr = TestSubnets.Next(29).Ipv4;
        var host = (int n) => cidr.Replace(".0/29", $".{n}", StringComparison.Ordinal);
        try
        {
            await DockerCli.RunAsync("network", "create", "--subnet", cidr, "--gateway", host(1), "--label", label, adopting.DefaultNetwork);
            await DockerCli.RunAsync("run", "-d", "--network", adopting.DefaultNetwork, "--ip", host(2), "--label", label, PopdServer.Image);
            await adopting.InitializeAsync();

            var handedOut = new List<string>();
            for (var i = 0; i < 4; i++)
            {
                var created = await adopting.Client.CreateAsync(new ContainerConfig { Name = $"a{i}", ImageId = PopdServer.Image });
                handedOut.Add(created.Endpoints[adopting.DefaultNetwork].Ipv4.Address);
            }
            var full = await Assert.ThrowsAsync<RpcException>(() =>
                adopting.Client.CreateAsync(new ContainerConfig { Name = "a4", ImageId = PopdServer.Image }));

            Assert.Equal([host(3), host(4), host(5), host(6)], handedOut);
            Assert.Equal(StatusCode.ResourceExhausted, full.StatusCode);
        }
        finally
        {
            await adopting.DisposeAsync();
        }
    }
}
