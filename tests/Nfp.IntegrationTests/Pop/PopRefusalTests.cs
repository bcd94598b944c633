using Grpc.Core;
using Nfp.IntegrationTests.Fixtures;
using Nfp.Pop.Protocol;
using Nfp.Popd.Engine;
using GrpcMetadata = Grpc.Core.Metadata;

namespace Nfp.IntegrationTests.Pop;

/// <summary>Every bad request gets its status code, and leaves popd's state and Docker as they were.</summary>
public sealed class PopRefusalTests(PopRefusalTests.Setup setup) : IClassFixture<PopRefusalTests.Setup>
{
    private const string Taken = "taken";

    /// <summary>
    /// A popd with a network of its own and a container named <see cref="Taken"/> at its .5. Its password
    /// hash costs ~40 ms to check here (bcrypt cost 9), so that timing a failed login measures the check: at
    /// the fixtures' usual ~1 ms, a loaded machine's jitter was larger than it (a CI run measured an
    /// unknown user in 2.1 ms and a wrong password in 9.0 ms, the same path).
    /// </summary>
    public sealed class Setup : IAsyncLifetime
    {
        public PopdServer Popd { get; } = new() { PasswordWorkFactor = 9 };

        public string Network => $"{Popd.PopName}-refusals";

        public string Cidr { get; } = TestSubnets.Next().Ipv4;

        public string Host(int n) => Cidr.Replace(".0/24", $".{n}", StringComparison.Ordinal);

        public async Task InitializeAsync()
        {
            await Popd.InitializeAsync();
            await Popd.Client.CreateNetworkAsync(new NetworkConfig { Name = Network, Ipv4 = new Subnet { Cidr = Cidr } });
            await Popd.Client.CreateAsync(On(Config(Taken), Network, Host(5)));
        }

        public Task DisposeAsync() => Popd.DisposeAsync();
    }

    private readonly PopdServer _popd = setup.Popd;
    private readonly string _network = setup.Network;

    private string Host(int n) => setup.Host(n);

    private static ContainerConfig Config(string name, string image = PopdServer.Image) => new() { Name = name, ImageId = image };

    private static ContainerConfig On(ContainerConfig config, string network, string? address)
    {
        config.Endpoints[network] = address is null ? new Endpoint() : new Endpoint { Ipv4 = new Ip { Address = address } };
        return config;
    }

    public static TheoryData<string, StatusCode> BadCreates => new()
    {
        { "unknown image", StatusCode.NotFound },
        { "name with a space", StatusCode.InvalidArgument },
        { "empty name", StatusCode.InvalidArgument },
        { "unknown flavour", StatusCode.InvalidArgument },
        { "unknown network", StatusCode.NotFound },
        { "address outside the subnet", StatusCode.InvalidArgument },
        { "the gateway's address", StatusCode.InvalidArgument },
        { "malformed address", StatusCode.InvalidArgument },
        { "address already taken", StatusCode.AlreadyExists },
        { "name already taken", StatusCode.AlreadyExists },
        { "unknown capability spelling", StatusCode.InvalidArgument },
        { "relative mount", StatusCode.InvalidArgument },
        { "negative memory", StatusCode.InvalidArgument },
    };

    private ContainerConfig BadCreate(string badness) => badness switch
    {
        "unknown image" => Config("ok1", "nfp/no-such-image:latest"),
        "name with a space" => Config("bad name"),
        "empty name" => Config(""),
        "unknown flavour" => new ContainerConfig { Name = "ok2", ImageId = PopdServer.Image, FlavourId = "m1.large" },
        "unknown network" => On(Config("ok3"), "no-such-network", null),
        "address outside the subnet" => On(Config("ok4"), _network, "192.0.2.10"),
        "the gateway's address" => On(Config("ok5"), _network, Host(1)),
        "malformed address" => On(Config("ok6"), _network, "10.77"),
        "address already taken" => On(Config("ok7"), _network, Host(5)),
        "name already taken" => Config(Taken),
        "unknown capability spelling" => new ContainerConfig { Name = "ok8", ImageId = PopdServer.Image, Options = new ResourceOptions { CapAdd = { "net admin" } } },
        "relative mount" => new ContainerConfig { Name = "ok9", ImageId = PopdServer.Image, Options = new ResourceOptions { Mounts = { new Mount { Source = "etc", Target = "/etc/x" } } } },
        "negative memory" => new ContainerConfig { Name = "ok10", ImageId = PopdServer.Image, Options = new ResourceOptions { MemoryBytes = -1 } },
        _ => throw new ArgumentOutOfRangeException(nameof(badness)),
    };

    [Theory]
    [MemberData(nameof(BadCreates))]
    public async Task A_bad_create_gets_its_code_and_changes_nothing(string badness, StatusCode code)
    {
        var before = await _popd.Client.ContainersAsync();
        var dockerBefore = await DockerCli.ContainersLabelled($"{DockerEngine.PopLabel}={_popd.PopName}");

        var error = await Assert.ThrowsAsync<RpcException>(() => _popd.Client.CreateAsync(BadCreate(badness)));

        Assert.Equal(code, error.StatusCode);
        Assert.False(string.IsNullOrWhiteSpace(error.Status.Detail));
        Assert.Equal(before, await _popd.Client.ContainersAsync());
        Assert.Equal(dockerBefore, await DockerCli.ContainersLabelled($"{DockerEngine.PopLabel}={_popd.PopName}"));
    }

    [Fact]
    public async Task A_network_whose_subnet_overlaps_another_is_already_exists_and_is_not_recorded()
    {
        var (cidr, _) = TestSubnets.Next();
        var first = $"{_popd.PopName}-overlap-a";
        var second = $"{_popd.PopName}-overlap-b";
        await _popd.Client.CreateNetworkAsync(new NetworkConfig { Name = first, Ipv4 = new Subnet { Cidr = cidr } });

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            _popd.Client.CreateNetworkAsync(new NetworkConfig { Name = second, Ipv4 = new Subnet { Cidr = cidr } }));

        Assert.Equal(StatusCode.AlreadyExists, error.StatusCode);
        Assert.DoesNotContain(await _popd.Client.NetworksAsync(), n => n.Name == second);
        await _popd.Client.DeleteNetworkAsync(new Filter { Name = first });
    }

    [Fact]
    public async Task DeleteNetwork_of_a_network_a_container_popd_does_not_know_is_attached_to_is_refused_naming_it()
    {
        var network = $"{_popd.PopName}-stranger";
        await _popd.Client.CreateNetworkAsync(new NetworkConfig { Name = network, Ipv4 = new Subnet { Cidr = TestSubnets.Next().Ipv4 } });
        var stranger = $"stranger-{Guid.NewGuid():N}"[..20];
        await DockerCli.RunAsync("run", "-d", "--name", stranger, "--network", network, PopdServer.Image);
        RpcException refused;
        try
        {
            refused = await Assert.ThrowsAsync<RpcException>(() => _popd.Client.DeleteNetworkAsync(new Filter { Name = network }));

            Assert.Single(await _popd.Client.NetworksAsync(new Filter { Name = network }));
        }
        finally
        {
            await DockerCli.TryRunAsync("rm", "-f", stranger);
        }
        await _popd.Client.DeleteNetworkAsync(new Filter { Name = network });

        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        Assert.Contains(stranger, refused.Status.Detail, StringComparison.Ordinal);
        Assert.Empty(await _popd.Client.NetworksAsync(new Filter { Name = network }));
        Assert.NotEqual(0, (await DockerCli.TryRunAsync("network", "inspect", network)).ExitCode);
    }

    [Fact]
    public async Task Requests_naming_no_container_are_not_found_and_an_empty_filter_is_invalid()
    {
        var nobody = new Filter { Name = "nobody" };

        Assert.Equal(StatusCode.NotFound, (await Assert.ThrowsAsync<RpcException>(() => _popd.Client.StartAsync(nobody))).StatusCode);
        Assert.Equal(StatusCode.NotFound, (await Assert.ThrowsAsync<RpcException>(() => _popd.Client.StopAsync(nobody))).StatusCode);
        Assert.Equal(StatusCode.NotFound, (await Assert.ThrowsAsync<RpcException>(() => _popd.Client.DeleteAsync(new Filter { Id = Guid.NewGuid().ToString() }))).StatusCode);
        Assert.Equal(StatusCode.InvalidArgument, (await Assert.ThrowsAsync<RpcException>(() => _popd.Client.StartAsync(new Filter()))).StatusCode);
        Assert.Equal(StatusCode.FailedPrecondition, (await Assert.ThrowsAsync<RpcException>(() => _popd.Client.StopAsync(new Filter { Name = Taken }))).StatusCode);
    }

    [Fact]
    public async Task A_string_with_a_nul_character_is_invalid_argument_naming_its_field_and_changes_nothing()
    {
        var before = await _popd.Client.ContainersAsync();

        var refusals = new (string Field, Func<Task> Call)[]
        {
            ("name", () => _popd.Client.NetworksAsync(new Filter { Name = "fz\0" })),
            ("name", () => _popd.Client.DeleteAsync(new Filter { Name = $"{Taken}\0" })),
            ("md.entries[KEY]", () => _popd.Client.SetMetadataAsync(new Filter { Name = Taken }, new Dictionary<string, string> { ["KEY"] = "a\0b" })),
            ("md.entries (a key)", () => _popd.Client.SetMetadataAsync(new Filter { Name = Taken }, new Dictionary<string, string> { ["K\0"] = "v" })),
            ("endpoints[net].ipv4.address", () => _popd.Client.CreateAsync(On(Config("nul1"), "net", "10.0.0.5\0"))),
            ("username", async () => await _popd.Client.Raw.LoginAsync(new Credentials { Username = "a\0", Password = "b" })),
        };
        foreach (var (field, call) in refusals)
        {
            var refused = await Assert.ThrowsAsync<RpcException>(call);

            Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
            Assert.Contains($"'{field}' holds a NUL character", refused.Status.Detail, StringComparison.Ordinal);
        }
        Assert.Equal(before, await _popd.Client.ContainersAsync());
    }

    [Fact]
    public async Task Bytes_that_are_no_valid_message_are_invalid_argument_naming_the_problem()
    {
        using var channel = _popd.Channel();
        var raw = Marshallers.Create(bytes => bytes, bytes => bytes);
        var images = new Method<byte[], byte[]>(MethodType.Unary, "vim_pop.Pop", "Images", raw, raw);
        var login = new Method<byte[], byte[]>(MethodType.Unary, "vim_pop.Pop", "Login", raw, raw);

        // Field 1 of wire type 7 (there is none); a username of 5 bytes of which 1 came; a username that is not UTF-8.
        var refusals = new (Method<byte[], byte[]> Method, byte[] Body, string Problem)[]
        {
            (images, [0x0F], "wire type"),
            (login, [0x0A, 0x05, 0x61], "truncated"),
            (login, [0x0A, 0x02, 0xC3, 0x28], "UTF-8"),
        };
        foreach (var (method, body, problem) in refusals)
        {
            var refused = await Assert.ThrowsAsync<RpcException>(() => channel.CreateCallInvoker().AsyncUnaryCall(method, null, new CallOptions(), body).ResponseAsync);

            Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
            Assert.Contains("is not a valid", refused.Status.Detail, StringComparison.Ordinal);
            Assert.Contains(problem, refused.Status.Detail, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task An_unknown_user_takes_as_long_as_a_wrong_password()
    {
        var raw = _popd.Client.Raw;
        var (unknown, wrong) = (new List<double>(), new List<double>());
        for (var i = 0; i < 15; i++)
        {
            // Each unknown name fails once, and a right login after each wrong one clears its failures:
            // no back-off in the way of the timing.
            unknown.Add(await FailedLoginMillisecondsAsync(raw, $"nobody-{Guid.NewGuid():N}", "secret"));
            wrong.Add(await FailedLoginMillisecondsAsync(raw, PopdServer.User, $"wrong-{i}"));
            await raw.LoginAsync(new Credentials { Username = PopdServer.User, Password = PopdServer.Password });
        }

        var ratio = Median(unknown) / Median(wrong);
        Assert.True(ratio >= 0.6, $"an unknown user answered in {Median(unknown):0.00} ms, a wrong password in {Median(wrong):0.00} ms");
    }

    [Fact]
    public async Task Repeated_failed_logins_of_a_name_are_refused_for_a_while_even_with_the_right_password()
    {
        var raw = _popd.Client.Raw;
        var name = $"guesser-{Guid.NewGuid():N}";
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(StatusCode.InvalidArgument, (await Assert.ThrowsAsync<RpcException>(async () =>
                await raw.LoginAsync(new Credentials { Username = name, Password = $"guess-{i}" }))).StatusCode);
        }

        var closed = await Assert.ThrowsAsync<RpcException>(async () => await raw.LoginAsync(new Credentials { Username = name, Password = "guess-5" }));

        Assert.Equal(StatusCode.ResourceExhausted, closed.StatusCode);
        Assert.Contains("try again in", closed.Status.Detail, StringComparison.Ordinal);
        // Another name is not held back.
        Assert.NotEmpty((await raw.LoginAsync(new Credentials { Username = PopdServer.User, Password = PopdServer.Password })).Value);
    }

    /// <summary>How long a login that fails takes (ms).</summary>
    private static async Task<double> FailedLoginMillisecondsAsync(Nfp.Pop.Protocol.Pop.PopClient raw, string user, string password)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var failed = await Assert.ThrowsAsync<RpcException>(async () => await raw.LoginAsync(new Credentials { Username = user, Password = password }));
        Assert.Equal(StatusCode.InvalidArgument, failed.StatusCode);
        return clock.Elapsed.TotalMilliseconds;
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    [Fact]
    public async Task Calls_without_a_token_are_unauthenticated_and_with_a_bogus_one_denied()
    {
        var raw = _popd.Client.Raw;

        var none = await Assert.ThrowsAsync<RpcException>(async () => await raw.ContainersAsync(new Filter()));
        var bogus = await Assert.ThrowsAsync<RpcException>(async () =>
            await raw.ContainersAsync(new Filter(), [new GrpcMetadata.Entry("token", "forged")]));
        var badLogin = await Assert.ThrowsAsync<RpcException>(async () =>
            await raw.LoginAsync(new Credentials { Username = PopdServer.User, Password = "wrong" }));

        Assert.Equal(StatusCode.Unauthenticated, none.StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, bogus.StatusCode);
        Assert.Equal(StatusCode.InvalidArgument, badLogin.StatusCode);
    }

    [Fact]
    public async Task An_expired_token_is_denied_and_the_client_logs_in_again()
    {
        using var client = _popd.NewClient(PopdServer.Password);
        var token = (await client.Raw.LoginAsync(new Credentials { Username = PopdServer.User, Password = PopdServer.Password })).Value;
        await client.InfoAsync();

        _popd.Clock.Advance(TimeSpan.FromHours(2));
        var expired = await Assert.ThrowsAsync<RpcException>(async () =>
            await client.Raw.InfoAsync(new Google.Protobuf.WellKnownTypes.Empty(), [new GrpcMetadata.Entry("token", token)]));
        var info = await client.InfoAsync();

        Assert.Equal(StatusCode.PermissionDenied, expired.StatusCode);
        Assert.Equal(_popd.PopName, info.Name);
    }

    [Fact]
    public async Task Logout_revokes_the_token()
    {
        var raw = _popd.Client.Raw;
        var token = (await raw.LoginAsync(new Credentials { Username = PopdServer.User, Password = PopdServer.Password })).Value;
        GrpcMetadata headers = [new GrpcMetadata.Entry("token", token)];
        await raw.InfoAsync(new Google.Protobuf.WellKnownTypes.Empty(), headers);

        await raw.LogoutAsync(new Google.Protobuf.WellKnownTypes.Empty(), headers);

        var after = await Assert.ThrowsAsync<RpcException>(async () => await raw.InfoAsync(new Google.Protobuf.WellKnownTypes.Empty(), headers));
        Assert.Equal(StatusCode.PermissionDenied, after.StatusCode);
    }
}
