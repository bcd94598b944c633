using Grpc.Core;
using Nfp.IntegrationTests.Fixtures;
using Nfp.Pop.Protocol;
using Nfp.Popd.Engine;

namespace Nfp.IntegrationTests.Pop;

/// <summary>What happens to running containers: deaths outside popd, plugging and unplugging, watching.</summary>
public sealed class PopRuntimeTests(PopdServer popd) : IClassFixture<PopdServer>
{
    private static string NewName() => $"r{Guid.NewGuid():N}"[..10];

    private async Task<Container> RunningAsync(string name) =>
        await popd.Client.StartAsync(new Filter { Id = (await popd.Client.CreateAsync(new ContainerConfig { Name = name, ImageId = PopdServer.Image })).Id });

    [Fact]
    public async Task A_container_killed_outside_popd_is_failed_within_two_seconds_its_addresses_reserved_until_it_is_deleted()
    {
        var name = NewName();
        var running = await RunningAsync(name);

        await DockerCli.RunAsync("kill", $"{popd.PopName}.{name}");
        var took = await Eventually.HoldsAsync(async () =>
            (await popd.Client.ContainersAsync(new Filter { Name = name })).Single().Status == Container.Types.Status.Failed,
            TimeSpan.FromSeconds(2), "FAILED after docker kill");

        var failed = (await popd.Client.ContainersAsync(new Filter { Name = name })).Single();
        var address = running.Endpoints[popd.DefaultNetwork].Ipv4.Address;
        Assert.Equal(address, failed.Endpoints[popd.DefaultNetwork].Ipv4.Address);
        Assert.Contains("137", failed.ExtendedStatus, StringComparison.Ordinal);
        Assert.Empty(await DockerCli.ContainersLabelled($"{DockerEngine.ContainerLabel}={running.Id}"));
        Assert.True(took < TimeSpan.FromSeconds(2));
        var asked = new ContainerConfig { Name = NewName(), ImageId = PopdServer.Image };
        asked.Endpoints[popd.DefaultNetwork] = new Endpoint { Ipv4 = new Ip { Address = address } };
        var taken = await Assert.ThrowsAsync<RpcException>(() => popd.Client.CreateAsync(asked));
        Assert.Equal(StatusCode.AlreadyExists, taken.StatusCode);

        await popd.Client.DeleteAsync(new Filter { Id = running.Id });
        Assert.Equal(address, (await popd.Client.CreateAsync(asked)).Endpoints[popd.DefaultNetwork].Ipv4.Address);
    }

    [Fact]
    public async Task A_container_that_exits_cleanly_outside_popd_is_exited_not_failed()
    {
        var name = NewName();
        await RunningAsync(name);

        await DockerCli.RunAsync("stop", "-t", "5", $"{popd.PopName}.{name}");

        await Eventually.HoldsAsync(async () =>
            (await popd.Client.ContainersAsync(new Filter { Name = name })).Single().Status == Container.Types.Status.Exited,
            TimeSpan.FromSeconds(2), "EXITED after a clean exit");
    }

    [Fact]
    public async Task Plug_and_unplug_show_inside_the_running_container()
    {
        var (cidr, _) = TestSubnets.Next();
        var network = $"{popd.PopName}-plug";
        await popd.Client.CreateNetworkAsync(new NetworkConfig { Name = network, Ipv4 = new Subnet { Cidr = cidr } });
        var name = NewName();
        await RunningAsync(name);
        var wanted = cidr.Replace(".0/24", ".42", StringComparison.Ordinal);

        var plugged = await popd.Client.PlugAsync(new Filter { Name = name }, network, new Endpoint { Ipv4 = new Ip { Address = wanted } });
        var insidePlugged = await DockerCli.RunAsync("exec", $"{popd.PopName}.{name}", "ip", "-4", "addr");
        var unplugged = await popd.Client.UnplugAsync(new Filter { Name = name }, network);
        var insideUnplugged = await DockerCli.RunAsync("exec", $"{popd.PopName}.{name}", "ip", "-4", "addr");

        Assert.Equal(wanted, plugged.Endpoints[network].Ipv4.Address);
        Assert.Contains($"inet {wanted}/24", insidePlugged, StringComparison.Ordinal);
        Assert.False(unplugged.Endpoints.ContainsKey(network));
        Assert.DoesNotContain($"inet {wanted}/", insideUnplugged, StringComparison.Ordinal);
        await popd.Client.DeleteAsync(new Filter { Name = name });
        await popd.Client.DeleteNetworkAsync(new Filter { Name = network });
    }

    [Fact]
    public async Task A_virtual_address_is_shared_by_the_endpoints_that_name_it_and_given_to_no_endpoint_as_its_own_until_none_names_it()
    {
        var (cidr, _) = TestSubnets.Next();
        var network = $"{popd.PopName}-vip";
        await popd.Client.CreateNetworkAsync(new NetworkConfig { Name = network, Ipv4 = new Subnet { Cidr = cidr } });
        var (first, second) = (NewName(), NewName());
        await RunningAsync(first);
        await RunningAsync(second);

        // popd chooses the first member's virtual address; the second names it again.
        var a = (await popd.Client.PlugAsync(new Filter { Name = first }, network, new Endpoint { VirtualIpv4 = { "" } })).Endpoints[network];
        var vip = Assert.Single(a.VirtualIpv4);
        Assert.NotEqual(a.Ipv4.Address, vip);
        var b = (await popd.Client.PlugAsync(new Filter { Name = second }, network, new Endpoint { VirtualIpv4 = { vip } })).Endpoints[network];
        Assert.Equal([vip], b.VirtualIpv4);
        Assert.NotEqual(vip, b.Ipv4.Address);
        Assert.Equal([vip], (await popd.Client.ContainersAsync(new Filter { Name = first })).Single().Endpoints[network].VirtualIpv4);

        // Nobody gets it as its own: asked for, it is taken; the next free address is not it.
        var third = NewName();
        await RunningAsync(third);
        var taken = await Assert.ThrowsAsync<RpcException>(() =>
            popd.Client.PlugAsync(new Filter { Name = third }, network, new Endpoint { Ipv4 = new Ip { Address = vip } }));
        Assert.Equal(StatusCode.AlreadyExists, taken.StatusCode);
        Assert.NotEqual(vip, (await popd.Client.PlugAsync(new Filter { Name = third }, network)).Endpoints[network].Ipv4.Address);
        await popd.Client.UnplugAsync(new Filter { Name = third }, network);
        // A container's own address cannot be named as a virtual one.
        var own = await Assert.ThrowsAsync<RpcException>(() =>
            popd.Client.PlugAsync(new Filter { Name = third }, network, new Endpoint { VirtualIpv4 = { a.Ipv4.Address } }));
        Assert.Equal(StatusCode.AlreadyExists, own.StatusCode);

        // Released with the last endpoint that names it.
        await popd.Client.DeleteAsync(new Filter { Name = first });
        Assert.Equal(StatusCode.AlreadyExists, (await Assert.ThrowsAsync<RpcException>(() =>
            popd.Client.PlugAsync(new Filter { Name = third }, network, new Endpoint { Ipv4 = new Ip { Address = vip } }))).StatusCode);
        await popd.Client.DeleteAsync(new Filter { Name = second });
        Assert.Equal(vip, (await popd.Client.PlugAsync(new Filter { Name = third }, network, new Endpoint { Ipv4 = new Ip { Address = vip } }))
            .Endpoints[network].Ipv4.Address);
        await popd.Client.DeleteAsync(new Filter { Name = third });
        await popd.Client.DeleteNetworkAsync(new Filter { Name = network });
    }

    [Fact]
    public async Task Watch_streams_every_state_of_a_container_from_created_to_deleted()
    {
        var name = NewName();
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var seen = new List<Container.Types.Status>();
        var watching = Task.Run(async () =>
        {
            await foreach (var container in popd.Client.WatchAsync(new Filter { Name = name }, cancel.Token))
            {
                seen.Add(container.Status);
                if (container.Status == Container.Types.Status.Unavailable)
                {
                    return;
                }
            }
        });
        await Task.Delay(300);

        var created = await popd.Client.CreateAsync(new ContainerConfig { Name = name, ImageId = PopdServer.Image });
        await popd.Client.StartAsync(new Filter { Id = created.Id });
        await popd.Client.StopAsync(new Filter { Id = created.Id });
        await Eventually.HoldsAsync(async () => (await popd.Client.ContainersAsync(new Filter { Id = created.Id })).Single().Status == Container.Types.Status.Exited,
            TimeSpan.FromSeconds(5), "EXITED");
        await popd.Client.DeleteAsync(new Filter { Id = created.Id });
        await watching;

        Assert.Equal(
            [Container.Types.Status.Created, Container.Types.Status.Running, Container.Types.Status.Stopping, Container.Types.Status.Exited, Container.Types.Status.Unavailable],
            seen);
    }

    [Fact]
    public async Task Resource_options_reach_the_Docker_container()
    {
        var name = NewName();
        var mounted = Directory.CreateTempSubdirectory("pop-mount-").FullName;
        await File.WriteAllTextAsync(Path.Combine(mounted, "hello.txt"), "from the host");
        var config = new ContainerConfig
        {
            Name = name,
            ImageId = PopdServer.Image,
            Options = new ResourceOptions
            {
                CpusetCpus = "0",
                MemoryBytes = 64 * 1024 * 1024,
                CapAdd = { "NET_ADMIN" },
                Mounts = { new Mount { Source = mounted, Target = "/mnt/host", ReadOnly = true } },
                Labels = { ["role"] = "firewall" },
            },
        };

        var running = await popd.Client.StartAsync(new Filter { Id = (await popd.Client.CreateAsync(config)).Id });
        var inspected = await DockerCli.RunAsync("inspect", "--format",
            "{{.HostConfig.CpusetCpus}}|{{.HostConfig.Memory}}|{{.HostConfig.CapAdd}}|{{index .Config.Labels \"role\"}}", $"{popd.PopName}.{name}");
        var file = await DockerCli.RunAsync("exec", $"{popd.PopName}.{name}", "cat", "/mnt/host/hello.txt");
        // NET_ADMIN lets the container change its own addresses.
        var admin = await DockerCli.TryRunAsync("exec", $"{popd.PopName}.{name}", "ip", "addr", "add", "192.0.2.1/32", "dev", "lo");

        Assert.Equal($"0|{64 * 1024 * 1024}|[NET_ADMIN]|firewall", inspected.Trim());
        Assert.Equal("from the host", file);
        Assert.Equal(0, admin.ExitCode);
        Assert.Equal("NET_ADMIN", Assert.Single(running.Options.CapAdd));
        await popd.Client.DeleteAsync(new Filter { Name = name });
        Directory.Delete(mounted, recursive: true);
    }
}
