using Nfp.IntegrationTests.Fixtures;
using Nfp.Pop.Protocol;
using Nfp.Popd.Engine;

namespace Nfp.IntegrationTests.Pop;

/// <summary>popd killed with SIGKILL at any point comes back on the same state and goes on.</summary>
public sealed class PopDurabilityTests(PopdProcess popd) : IClassFixture<PopdProcess>
{
    private static string NewName() => $"d{Guid.NewGuid():N}"[..10];

    private async Task<Container> StatusOfAsync(string name) => (await popd.Client.ContainersAsync(new Filter { Name = name })).Single();

    [Fact]
    public async Task Killed_between_create_and_start_and_between_start_and_stop_it_resumes_with_the_same_state()
    {
        var name = NewName();
        var created = await popd.Client.CreateAsync(new ContainerConfig { Name = name, ImageId = PopdServer.Image });
        var address = created.Endpoints[popd.DefaultNetwork].Ipv4.Address;

        await popd.KillAsync();
        await popd.StartAsync();
        var afterFirstKill = await StatusOfAsync(name);
        var running = await popd.Client.StartAsync(new Filter { Name = name });
        await popd.KillAsync();
        await popd.StartAsync();
        var afterSecondKill = await StatusOfAsync(name);
        var other = await popd.Client.CreateAsync(new ContainerConfig { Name = NewName(), ImageId = PopdServer.Image });
        await popd.Client.StopAsync(new Filter { Name = name });
        await Eventually.HoldsAsync(async () => (await StatusOfAsync(name)).Status == Container.Types.Status.Exited,
            TimeSpan.FromSeconds(10), "EXITED after a Stop following a restart");

        Assert.Equal((Container.Types.Status.Created, address), (afterFirstKill.Status, afterFirstKill.Endpoints[popd.DefaultNetwork].Ipv4.Address));
        Assert.Equal(address, running.Endpoints[popd.DefaultNetwork].Ipv4.Address);
        Assert.Equal(Container.Types.Status.Running, afterSecondKill.Status);
        Assert.NotEqual(address, other.Endpoints[popd.DefaultNetwork].Ipv4.Address);
        Assert.Empty(await DockerCli.ContainersLabelled($"{DockerEngine.ContainerLabel}={created.Id}"));
    }

    [Fact]
    public async Task A_container_that_died_while_popd_was_down_is_recorded_at_restart_its_address_kept_for_it()
    {
        var name = NewName();
        var running = await popd.Client.StartAsync(new Filter { Id = (await popd.Client.CreateAsync(new ContainerConfig { Name = name, ImageId = PopdServer.Image })).Id });

        await popd.KillAsync();
        await DockerCli.RunAsync("kill", $"{popd.PopName}.{name}");
        await popd.StartAsync();
        await Eventually.HoldsAsync(async () => (await StatusOfAsync(name)).Status == Container.Types.Status.Failed,
            TimeSpan.FromSeconds(5), "FAILED after restart");

        Assert.Equal(running.Endpoints[popd.DefaultNetwork].Ipv4.Address, (await StatusOfAsync(name)).Endpoints[popd.DefaultNetwork].Ipv4.Address);
        Assert.Empty(await DockerCli.ContainersLabelled($"{DockerEngine.ContainerLabel}={running.Id}"));
    }

    [Fact]
    public async Task At_restart_a_leftover_of_an_interrupted_start_is_removed_and_an_unknown_labelled_container_reported()
    {
        var created = await popd.Client.CreateAsync(new ContainerConfig { Name = NewName(), ImageId = PopdServer.Image });
        await popd.KillAsync();
        // What a Start cut short by the kill leaves: a Docker container of a container still CREATED.
        var leftover = await StrayAsync($"{DockerEngine.ContainerLabel}={created.Id}");
        var stranger = await StrayAsync($"{DockerEngine.ContainerLabel}={Guid.NewGuid()}");

        await popd.StartAsync();
        await Eventually.HoldsAsync(async () => (await DockerCli.TryRunAsync("inspect", leftover)).ExitCode != 0,
            TimeSpan.FromSeconds(5), "the leftover removed");

        Assert.Equal(Container.Types.Status.Created, (await popd.Client.ContainersAsync(new Filter { Id = created.Id })).Single().Status);
        Assert.Equal(0, (await DockerCli.TryRunAsync("inspect", stranger)).ExitCode);
        Assert.Contains(stranger, popd.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Networks_removed_from_Docker_while_popd_was_down_are_made_again_at_restart_with_their_subnets()
    {
        // A popd of its own: its default network goes too, which the class's popd's containers may be on.
        var own = new PopdProcess();
        await own.InitializeAsync();
        await using var _ = new AsyncCleanup(own.DisposeAsync);
        var (name, subnet) = (NewName(), TestSubnets.Next().Ipv4);
        await own.Client.CreateNetworkAsync(new NetworkConfig { Name = name, Ipv4 = new Subnet { Cidr = subnet }, External = true });
        await using var network = new AsyncCleanup(() => own.Client.DeleteNetworkAsync(new Filter { Name = name }));

        await own.KillAsync();
        await DockerCli.RunAsync("network", "rm", name, own.DefaultNetwork);
        await own.StartAsync();

        Assert.Equal(subnet, (await SubnetInDockerAsync(name)).Trim());
        Assert.Equal(own.DefaultNetworkSubnet, (await SubnetInDockerAsync(own.DefaultNetwork)).Trim());
        var created = await own.Client.CreateAsync(new ContainerConfig
        {
            Name = NewName(), ImageId = PopdServer.Image, Endpoints = { [name] = new Endpoint(), [own.DefaultNetwork] = new Endpoint() },
        });
        var started = await own.Client.StartAsync(new Filter { Id = created.Id });
        Assert.Equal(Container.Types.Status.Running, started.Status);
        Assert.Equal([name, own.DefaultNetwork], started.Endpoints.Keys.Order());
        await own.Client.DeleteAsync(new Filter { Id = started.Id });
    }

    private static Task<string> SubnetInDockerAsync(string network) =>
        DockerCli.RunAsync("network", "inspect", "-f", "{{range .IPAM.Config}}{{.Subnet}}{{end}}", network);

    /// <summary>A Docker container made behind popd's back, carrying its label and <paramref name="label"/>.</summary>
    private async Task<string> StrayAsync(string label) =>
        (await DockerCli.RunAsync("run", "-d", "--label", $"{DockerEngine.PopLabel}={popd.PopName}", "--label", label, PopdServer.Image)).Trim();
}
