using Grpc.Core;
using Nfp.IntegrationTests.Fixtures;
using Nfp.Pop.Protocol;
using Nfp.Popd.Engine;

namespace Nfp.IntegrationTests.Pop;

/// <summary>A container's life through popd, checked in Docker and inside the container itself.</summary>
public sealed class PopLifecycleTests(PopdServer popd) : IClassFixture<PopdServer>
{
    private static Filter Named(string name) => new() { Name = name };

    private static string NewName() => $"c{Guid.NewGuid():N}"[..10];

    [Fact]
    public async Task Create_allocates_an_address_on_the_default_network_and_makes_nothing_in_Docker()
    {
        var created = await popd.Client.CreateAsync(new ContainerConfig { Name = NewName(), ImageId = PopdServer.Image });

        Assert.Equal(Container.Types.Status.Created, created.Status);
        var endpoint = Assert.Single(created.Endpoints);
        Assert.Equal(popd.DefaultNetwork, endpoint.Key);
        Assert.True(System.Net.IPNetwork.Parse(endpoint.Value.Ipv4.Subnet.Cidr).Contains(System.Net.IPAddress.Parse(endpoint.Value.Ipv4.Address)));
        Assert.NotEqual(endpoint.Value.Ipv4.Subnet.Gateway, endpoint.Value.Ipv4.Address);
        Assert.Empty(await DockerCli.ContainersLabelled($"{DockerEngine.ContainerLabel}={created.Id}"));
    }

    [Fact]
    public async Task Started_container_has_its_address_and_metadata_inside_and_stop_releases_everything()
    {
        var name = NewName();
        var created = await popd.Client.CreateAsync(new ContainerConfig { Name = name, ImageId = PopdServer.Image });
        await popd.Client.SetMetadataAsync(Named(name), new Dictionary<string, string> { ["GREETING"] = "hello", ["DROPPED"] = "x" });
        await popd.Client.SetMetadataAsync(Named(name), new Dictionary<string, string> { ["DROPPED"] = "" });

        var running = await popd.Client.StartAsync(Named(name));

        Assert.Equal(Container.Types.Status.Running, running.Status);
        Assert.NotEqual(0, running.Started);
        var address = created.Endpoints[popd.DefaultNetwork].Ipv4.Address;
        Assert.Equal(address, running.Endpoints[popd.DefaultNetwork].Ipv4.Address);
        Assert.NotEmpty(running.Endpoints[popd.DefaultNetwork].Mac);
        var dockerName = $"{popd.PopName}.{name}";
        Assert.Contains($"inet {address}/", await DockerCli.RunAsync("exec", dockerName, "ip", "-4", "addr"), StringComparison.Ordinal);
        var environment = await DockerCli.RunAsync("exec", dockerName, "env");
        Assert.Contains("GREETING=hello", environment, StringComparison.Ordinal);
        Assert.DoesNotContain("DROPPED=", environment, StringComparison.Ordinal);

        await popd.Client.StopAsync(Named(name));
        var stopped = await Eventually.HoldsAsync(async () =>
            (await popd.Client.ContainersAsync(Named(name))).Single().Status == Container.Types.Status.Exited,
            TimeSpan.FromSeconds(5), "EXITED after Stop");

        var exited = (await popd.Client.ContainersAsync(Named(name))).Single();
        Assert.Empty(exited.Endpoints);
        Assert.StartsWith("stopped", exited.ExtendedStatus, StringComparison.Ordinal);
        Assert.Empty(await DockerCli.ContainersLabelled($"{DockerEngine.ContainerLabel}={created.Id}"));

        await popd.Client.DeleteAsync(Named(name));
        Assert.Empty(await popd.Client.ContainersAsync(Named(name)));
    }

    [Fact]
    public async Task Metadata_is_refused_once_the_container_started()
    {
        var name = NewName();
        await popd.Client.CreateAsync(new ContainerConfig { Name = name, ImageId = PopdServer.Image });
        await popd.Client.StartAsync(Named(name));

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            popd.Client.SetMetadataAsync(Named(name), new Dictionary<string, string> { ["LATE"] = "1" }));
        var again = await Assert.ThrowsAsync<RpcException>(() => popd.Client.StartAsync(Named(name)));

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Equal(StatusCode.FailedPrecondition, again.StatusCode);
        await popd.Client.DeleteAsync(Named(name));
    }

    [Fact]
    public async Task Deleting_a_running_container_removes_it_from_Docker_and_frees_its_address()
    {
        var name = NewName();
        var created = await popd.Client.CreateAsync(new ContainerConfig { Name = name, ImageId = PopdServer.Image });
        await popd.Client.StartAsync(Named(name));
        var address = created.Endpoints[popd.DefaultNetwork].Ipv4.Address;

        await popd.Client.DeleteAsync(Named(name));

        Assert.Empty(await DockerCli.ContainersLabelled($"{DockerEngine.ContainerLabel}={created.Id}"));
        var reuse = new ContainerConfig { Name = NewName(), ImageId = PopdServer.Image };
        reuse.Endpoints[popd.DefaultNetwork] = new Endpoint { Ipv4 = new Ip { Address = address } };
        var successor = await popd.Client.CreateAsync(reuse);
        Assert.Equal(address, successor.Endpoints[popd.DefaultNetwork].Ipv4.Address);
        await popd.Client.DeleteAsync(new Filter { Id = successor.Id });
    }

    [Fact]
    public async Task Info_flavours_images_and_networks_describe_this_pop()
    {
        var info = await popd.Client.InfoAsync();
        var flavour = Assert.Single(await popd.Client.FlavoursAsync());
        var images = await popd.Client.ImagesAsync(new Filter { Name = PopdServer.Image });
        var networks = await popd.Client.NetworksAsync(new Filter { Name = popd.DefaultNetwork });

        Assert.Equal(("docker", popd.PopName), (info.Type, info.Name));
        Assert.Equal("docker.container", flavour.Id);
        Assert.Contains(PopdServer.Image, Assert.Single(images).Names);
        Assert.Equal(popd.DefaultNetworkSubnet, Assert.Single(Assert.Single(networks).Subnets).Cidr);
    }

    [Theory]
    [InlineData("nfp/base", true)]
    [InlineData("nfp/base:latest", true)]
    [InlineData("docker.io/nfp/base", true)]
    [InlineData("index.docker.io/nfp/base:latest", true)]
    [InlineData("nfp/base:other", false)]
    [InlineData("nfp/bas", false)]
    [InlineData("base", false)]
    [InlineData("nfp/base@sha256:0000000000000000000000000000000000000000000000000000000000000000", false)]
    public async Task Images_by_name_read_the_name_as_Docker_reads_an_image_reference(string name, bool found)
    {
        var images = await popd.Client.ImagesAsync(new Filter { Name = name });

        Assert.Equal(found, images.Any(image => image.Names.Contains(PopdServer.Image)));
    }

    [Fact]
    public async Task Images_by_name_read_docker_io_library_as_Docker_Hubs_short_name()
    {
        // A tag of the test's own in Docker Hub's library namespace, which `docker image ls` lists without it.
        var name = $"nfp-test-{Guid.NewGuid():N}"[..20];
        await DockerCli.RunAsync("tag", PopdServer.Image, $"{name}:v1");
        try
        {
            var images = await popd.Client.ImagesAsync(new Filter { Name = $"docker.io/library/{name}:v1" });
            var untagged = await popd.Client.ImagesAsync(new Filter { Name = $"library/{name}" });

            Assert.Contains($"{name}:v1", Assert.Single(images).Names);
            Assert.Empty(untagged);
        }
        finally
        {
            await DockerCli.RunAsync("rmi", $"{name}:v1");
        }
    }
}
