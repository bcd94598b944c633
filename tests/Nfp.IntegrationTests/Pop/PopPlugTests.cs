using Dapper;
using Grpc.Core;
using Nfp.IntegrationTests.Fixtures;
using Nfp.Pop.Protocol;

namespace Nfp.IntegrationTests.Pop;

/// <summary>
/// A Plug either completes, its endpoint named by Docker's endpoint id, or is undone: whether its caller
/// gives up, plugs come in a burst, or a plug cut short left its address recorded.
/// </summary>
public sealed class PopPlugTests(PopPlugTests.Setup setup) : IClassFixture<PopPlugTests.Setup>
{
    /// <summary>A real popd (cancellation crosses HTTP/2 as in production) with a network to plug into.</summary>
    public sealed class Setup : IAsyncLifetime
    {
        /// <summary>Two database connections, the fewest popd takes: a request that needs two at once stalls a burst.</summary>
        public PopdProcess Popd { get; } = new() { Environment = new Dictionary<string, string> { ["Popd__MaxDatabaseConnections"] = "2" } };

        public string Network => $"{Popd.PopName}-plugs";

        public string Cidr { get; } = TestSubnets.Next().Ipv4;

        public async Task InitializeAsync()
        {
            await Popd.InitializeAsync();
            await Popd.Client.CreateNetworkAsync(new NetworkConfig { Name = Network, Ipv4 = new Subnet { Cidr = Cidr } });
        }

        public Task DisposeAsync() => Popd.DisposeAsync();
    }

    private readonly PopdProcess _popd = setup.Popd;
    private readonly string _network = setup.Network;

    private static Filter Named(string name) => new() { Name = name };

    private async Task<string> RunningAsync()
    {
        var name = $"p{Guid.NewGuid():N}"[..10];
        await _popd.Client.CreateAsync(new ContainerConfig { Name = name, ImageId = PopdServer.Image });
        await _popd.Client.StartAsync(Named(name));
        return name;
    }

    /// <summary>The Plug; when the container is on the network already (an earlier plug finished), the container as it is.</summary>
    private async Task<Container> PlugOrFoundAsync(string name)
    {
        try
        {
            return await _popd.Client.PlugAsync(Named(name), _network);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.AlreadyExists)
        {
            return (await _popd.Client.ContainersAsync(Named(name))).Single();
        }
    }

    /// <summary>Asserts popd names the endpoint with the id of the one endpoint Docker has for the container on the network.</summary>
    private async Task AssertPluggedAsync(string name, Container container, string when)
    {
        var endpoint = container.Endpoints[_network];
        var inDocker = await DockerCli.RunAsync("inspect", "--format",
            $"{{{{(index .NetworkSettings.Networks \"{_network}\").EndpointID}}}} {{{{(index .NetworkSettings.Networks \"{_network}\").IPAddress}}}}",
            $"{_popd.PopName}.{name}");
        Assert.True(endpoint.EndpointId.Length > 0, $"{when}: popd has no endpoint id for {name} on {_network}.");
        Assert.Equal($"{endpoint.EndpointId} {endpoint.Ipv4.Address}", inDocker.Trim());
    }

    [Fact]
    public async Task A_plug_whose_caller_gives_up_is_finished_or_undone_and_the_same_plug_again_ends_named()
    {
        var name = await RunningAsync();

        // From at once to well after popd recorded the address: each moment of the plug, once.
        foreach (var after in new[] { 0, 1, 2, 3, 5, 8, 13, 21, 34, 55, 89 })
        {
            using (var giveUp = new CancellationTokenSource(TimeSpan.FromMilliseconds(after)))
            {
                try
                {
                    await _popd.Client.PlugAsync(Named(name), _network, cancellationToken: giveUp.Token);
                }
                catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled)
                {
                }
                catch (OperationCanceledException)
                {
                }
            }

            await AssertPluggedAsync(name, await PlugOrFoundAsync(name), $"caller gone after {after} ms");
            await _popd.Client.UnplugAsync(Named(name), _network);
        }
        await _popd.Client.DeleteAsync(Named(name));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_plug_cut_short_after_its_address_was_recorded_is_finished_by_the_same_plug_again(bool connectedInDocker)
    {
        var name = await RunningAsync();
        var address = TestSubnets.Host(setup.Cidr, connectedInDocker ? 200 : 201);
        // What a popd killed between recording the address and naming the endpoint leaves: the address
        // recorded, no endpoint id, and Docker's connect made or not.
        await using (var connection = await _popd.Database.DataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync(
                """
                INSERT INTO pop.network_attachments (container_id, network_id, ipv4_address)
                SELECT c.id, n.id, @address::inet FROM pop.containers c, pop.networks n WHERE c.name = @name AND n.name = @network
                """, new { address, name, network = _network });
        }
        if (connectedInDocker)
        {
            await DockerCli.RunAsync("network", "connect", "--ip", address, _network, $"{_popd.PopName}.{name}");
        }

        var plugged = await _popd.Client.PlugAsync(Named(name), _network);

        await AssertPluggedAsync(name, plugged, connectedInDocker ? "connected in Docker" : "never connected");
        await _popd.Client.DeleteAsync(Named(name));
    }

    [Fact]
    public async Task A_burst_of_plugs_finishes_in_bounded_time_with_every_endpoint_named()
    {
        var names = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => RunningAsync()));

        // Each container once, and the first twice at the same time: one of those two plugs, the other finds it plugged.
        var plugs = names.Append(names[0]).Select(async name => (Name: name, Container: await PlugOrFoundAsync(name))).ToList();
        var plugged = await Task.WhenAll(plugs).WaitAsync(TimeSpan.FromSeconds(60));

        foreach (var (name, container) in plugged)
        {
            await AssertPluggedAsync(name, container, "in a burst");
        }
        await Task.WhenAll(names.Select(name => _popd.Client.DeleteAsync(Named(name))));
    }
}
