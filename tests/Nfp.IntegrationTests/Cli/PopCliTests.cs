using System.Net;
using System.Text.Json.Nodes;
using Grpc.Core;
using Nfp.Cli;
using Nfp.Cli.Pop;
using Nfp.IntegrationTests.Fixtures;
using Nfp.Pop.Client;
using Nfp.Pop.Protocol;
using YamlDotNet.Serialization;

namespace Nfp.IntegrationTests.Cli;

/// <summary>
/// <c>nfp pop</c> as an operator types it, parsed and run by the CLI itself against an in-process popd on
/// the real Docker engine; what it prints is read back as a person or a script would.
/// </summary>
public sealed class PopCliTests(PopdServer popd) : IClassFixture<PopdServer>, IAsyncLifetime
{
    private static readonly string Auth = $"{PopdServer.User}:{PopdServer.Password}";

    private readonly List<string> _containers = [];
    private readonly List<PopTarget> _targets = [];
    private int _connects;

    private sealed record Run(int ExitCode, string Output, string Error);

    /// <summary>Runs <c>nfp ARGS</c> with POP_AUTH set, against the fixture's popd whatever the target.</summary>
    private Task<Run> NfpAsync(params string[] args) =>
        NfpAsync(new Dictionary<string, string> { [PopCli.AuthVariable] = Auth }, args);

    private async Task<Run> NfpAsync(Dictionary<string, string> environment, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var cli = new PopCli(target =>
        {
            _targets.Add(target);
            _connects++;
            return popd.Client;
        }, output, error, name => environment.GetValueOrDefault(name));
        var exitCode = await NfpCli.InvokeAsync(args, cli);
        return new Run(exitCode, output.ToString(), error.ToString());
    }

    /// <summary>A container name, deleted again when the test ends.</summary>
    private string NewContainer()
    {
        var name = $"c{Guid.NewGuid():N}"[..10];
        _containers.Add(name);
        return name;
    }

    private static JsonNode Json(Run run)
    {
        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}: {run.Error}");
        return JsonNode.Parse(run.Output)!;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var name in _containers)
        {
            try
            {
                await popd.Client.DeleteAsync(new Filter { Name = name });
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
            {
                // The test deleted it already (or never made it).
            }
        }
    }

    [Theory]
    [InlineData("table")]
    [InlineData("json")]
    [InlineData("yaml")]
    public async Task Spawned_container_is_listed_RUNNING_with_its_address(string format)
    {
        var name = NewContainer();
        var spawn = await NfpAsync("pop", "spawn", name, "--image", PopdServer.Image, "--md", "GREETING=hello");
        Assert.True(spawn.ExitCode == 0, spawn.Error);
        var address = (await popd.Client.ContainersAsync(new Filter { Name = name })).Single().Endpoints[popd.DefaultNetwork].Ipv4.Address;

        var servers = await NfpAsync("pop", "servers", "-f", format);

        Assert.True(servers.ExitCode == 0, servers.Error);
        switch (format)
        {
            case "table":
                var row = Assert.Single(servers.Output.Split('\n'), line => line.Contains(name, StringComparison.Ordinal));
                Assert.Contains("RUNNING", row, StringComparison.Ordinal);
                Assert.Contains($"{popd.DefaultNetwork}={address}", row, StringComparison.Ordinal);
                break;
            case "json":
                var json = Assert.Single(JsonNode.Parse(servers.Output)!.AsArray(), c => (string?)c!["names"]![0] == name)!;
                Assert.Equal("RUNNING", (string?)json["status"]);
                Assert.Equal(address, (string?)json["endpoints"]![popd.DefaultNetwork]!["ipv4"]!["address"]);
                Assert.Equal(PopdServer.Image, (string?)json["image_id"]);
                break;
            default:
                var yaml = new DeserializerBuilder().Build().Deserialize<List<Dictionary<string, object>>>(servers.Output);
                var entry = Assert.Single(yaml, c => ((List<object>)c["names"])[0] as string == name);
                Assert.Equal("RUNNING", entry["status"]);
                var endpoint = (Dictionary<object, object>)((Dictionary<object, object>)entry["endpoints"])[popd.DefaultNetwork];
                Assert.Equal(address, ((Dictionary<object, object>)endpoint["ipv4"])["address"]);
                break;
        }
    }

    [Fact]
    public async Task At_80_columns_servers_fits_and_keeps_STATUS_while_spawn_prints_the_container_one_field_a_line()
    {
        var name = NewContainer();
        var narrow = new Dictionary<string, string> { [PopCli.AuthVariable] = Auth, ["COLUMNS"] = "80" };

        var spawn = await NfpAsync(narrow, "pop", "spawn", name, "--image", PopdServer.Image);
        var servers = await NfpAsync(narrow, "pop", "servers");

        Assert.Equal((0, 0), (spawn.ExitCode, servers.ExitCode));
        var id = (await popd.Client.ContainersAsync(new Filter { Name = name })).Single().Id;
        Assert.Matches($@"(?m)^NAME +{name}$", spawn.Output);
        Assert.Matches(@"(?m)^STATUS +RUNNING$", spawn.Output);
        Assert.Matches($@"(?m)^ID +{id}$", spawn.Output);
        var lines = servers.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.All(lines, line => Assert.True(line.Length <= 80, $"{line.Length} columns: {line}"));
        Assert.Contains(lines, line => line.Contains("STATUS", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.Contains(name, StringComparison.Ordinal) && line.Contains("RUNNING", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Md_set_then_get_round_trips_and_an_empty_value_deletes_the_key()
    {
        var name = NewContainer();
        Assert.Equal(0, (await NfpAsync("pop", "create", name, "--image", PopdServer.Image)).ExitCode);

        var set = await NfpAsync("pop", "md", "set", name, "GREETING=hello", "DROPPED=x");
        var drop = await NfpAsync("pop", "md", "set", name, "DROPPED=");
        var get = Json(await NfpAsync("pop", "md", "get", name, "-f", "json"));
        var table = await NfpAsync("pop", "md", "get", name);

        Assert.Equal((0, 0), (set.ExitCode, drop.ExitCode));
        Assert.Equal("""{"GREETING":"hello"}""", get["entries"]!.ToJsonString());
        Assert.Single(table.Output.Split('\n'), line => line.Contains("GREETING", StringComparison.Ordinal) && line.Contains("hello", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Yaml_quotes_exactly_the_metadata_values_that_would_read_back_as_numbers_booleans_or_dates()
    {
        var name = NewContainer();
        Assert.Equal(0, (await NfpAsync("pop", "create", name, "--image", PopdServer.Image, "--md", "PORT=0080", "--md", "ENABLED=yes", "--md", "SINCE=2024-01-01", "--md", "ADDRESS=10.0.0.1")).ExitCode);

        var yaml = await NfpAsync("pop", "md", "get", name, "-f", "yaml");

        Assert.Equal(0, yaml.ExitCode);
        Assert.Contains("PORT: \"0080\"", yaml.Output, StringComparison.Ordinal);
        Assert.Contains("ENABLED: \"yes\"", yaml.Output, StringComparison.Ordinal);
        Assert.Contains("SINCE: \"2024-01-01\"", yaml.Output, StringComparison.Ordinal);
        Assert.Contains("ADDRESS: 10.0.0.1\n", yaml.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_metadata_key_alone_takes_its_value_from_the_environment_so_a_secret_stays_off_the_command_line()
    {
        var name = NewContainer();
        var key = $"NFP_TEST_SECRET_{Guid.NewGuid():N}";
        var secret = Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(key, secret);
        try
        {
            Assert.Equal(0, (await NfpAsync("pop", "create", name, "--image", PopdServer.Image, "--md", key)).ExitCode);
        }
        finally
        {
            Environment.SetEnvironmentVariable(key, null);
        }

        Assert.Equal(secret, (await popd.Client.ContainersAsync(new Filter { Name = name })).Single().Md.Entries[key]);
        var missing = await NfpAsync("pop", "create", NewContainer(), "--image", PopdServer.Image, "--md", key);
        Assert.NotEqual(0, missing.ExitCode);
        Assert.Contains($"no environment variable {key}", missing.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Spawn_with_secrets_puts_each_file_in_the_containers_run_secrets_and_prints_only_its_name()
    {
        var name = NewContainer();
        var folder = Directory.CreateTempSubdirectory("nfp-cli-secrets-");
        var secret = $"s-{Guid.NewGuid():N}";
        await File.WriteAllTextAsync(Path.Combine(folder.FullName, "API_KEY"), secret + "\n");
        try
        {
            var spawn = await NfpAsync("pop", "spawn", name, "--image", PopdServer.Image, "--secrets", folder.FullName, "-f", "json");

            Assert.Equal("RUNNING", (string?)Json(spawn)["status"]);
            Assert.DoesNotContain(secret, spawn.Output, StringComparison.Ordinal);
            Assert.Equal(["API_KEY"], (await popd.Client.ContainersAsync(new Filter { Name = name })).Single().SecretKeys);
            Assert.Equal(secret, await DockerCli.RunAsync("exec", $"{popd.PopName}.{name}", "cat", "/run/secrets/API_KEY"));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Create_passes_the_address_capabilities_memory_cpuset_and_metadata_it_was_given()
    {
        var name = NewContainer();
        var subnet = IPNetwork.Parse(Assert.Single(await popd.Client.NetworksAsync(new Filter { Name = popd.DefaultNetwork })).Subnets[0].Cidr);
        var bytes = subnet.BaseAddress.GetAddressBytes();
        bytes[^1] = 123;
        var address = new IPAddress(bytes).ToString();

        var create = Json(await NfpAsync("pop", "create", name, "--image", PopdServer.Image, "--net", $"{popd.DefaultNetwork}={address}",
            "--cap-add", "NET_ADMIN", "--cap-add", "NET_RAW", "--memory", "64m", "--cpuset-cpus", "0", "--md", "ROLE=firewall", "-f", "json"));

        Assert.Equal("CREATED", (string?)create["status"]);
        Assert.Equal("firewall", (string?)create["md"]!["entries"]!["ROLE"]);
        var container = (await popd.Client.ContainersAsync(new Filter { Name = name })).Single();
        Assert.Equal(address, container.Endpoints[popd.DefaultNetwork].Ipv4.Address);
        Assert.Equal(["NET_ADMIN", "NET_RAW"], container.Options.CapAdd);
        Assert.Equal(64L * 1024 * 1024, container.Options.MemoryBytes);
        Assert.Equal("0", container.Options.CpusetCpus);
        Assert.Equal("firewall", container.Md.Entries["ROLE"]);
    }

    [Fact]
    public async Task Network_create_makes_a_listed_network_and_delete_removes_it()
    {
        var (ipv4, ipv6) = TestSubnets.Next();
        var name = $"{popd.PopName}-n{Guid.NewGuid():N}"[..30];

        var created = Json(await NfpAsync("pop", "network", "create", name, "--ipv4", ipv4, "--ipv6", ipv6, "-f", "json"));
        var listed = Json(await NfpAsync("pop", "networks", name, "-f", "json"));
        var delete = await NfpAsync("pop", "network", "delete", name);
        var after = await NfpAsync("pop", "networks", name, "-f", "json");

        Assert.Equal(ipv4, (string?)created["subnets"]![0]!["cidr"]);
        Assert.Equal(ipv4.Replace(".0/24", ".1", StringComparison.Ordinal), (string?)created["subnets"]![0]!["gateway"]);
        Assert.Equal(ipv6, (string?)created["subnets"]![1]!["cidr"]);
        Assert.Equal((string?)created["id"], (string?)Assert.Single(listed.AsArray())!["id"]);
        Assert.Equal((0, ""), (delete.ExitCode, delete.Output));
        Assert.Equal((15, ""), (after.ExitCode, after.Output));
    }

    [Fact]
    public async Task Stop_leaves_the_container_EXITED_and_delete_removes_it()
    {
        var name = NewContainer();
        Assert.Equal(0, (await NfpAsync("pop", "spawn", name, "--image", PopdServer.Image)).ExitCode);

        var stop = await NfpAsync("pop", "stop", name);
        await Eventually.HoldsAsync(async () =>
            (string?)Json(await NfpAsync("pop", "servers", name, "-f", "json"))[0]!["status"] == "EXITED",
            TimeSpan.FromSeconds(10), "EXITED after nfp pop stop");
        var delete = await NfpAsync("pop", "delete", name);

        Assert.Equal((0, 0), (stop.ExitCode, delete.ExitCode));
        Assert.Empty(await popd.Client.ContainersAsync(new Filter { Name = name }));
    }

    [Fact]
    public async Task Unknown_image_prints_the_NotFound_error_line_and_exits_15()
    {
        var name = NewContainer();

        var run = await NfpAsync("pop", "create", name, "--image", "nfp/no-such-image:latest");

        Assert.Equal(PopExitCodes.Of(StatusCode.NotFound), run.ExitCode);
        Assert.Equal(15, run.ExitCode);
        Assert.StartsWith("error: NotFound: ", run.Error, StringComparison.Ordinal);
        Assert.Contains("nfp/no-such-image:latest", run.Error, StringComparison.Ordinal);
        Assert.Equal("", run.Output);
    }

    [Fact]
    public async Task Spawn_deletes_the_container_again_when_its_metadata_is_refused()
    {
        var name = NewContainer();

        var run = await NfpAsync("pop", "spawn", name, "--image", PopdServer.Image, "--md", "1NOT-AN-ENV-NAME=x");

        Assert.Equal(PopExitCodes.Of(StatusCode.InvalidArgument), run.ExitCode);
        Assert.StartsWith("error: InvalidArgument: ", run.Error, StringComparison.Ordinal);
        Assert.Empty(await popd.Client.ContainersAsync(new Filter { Name = name }));
    }

    [Theory]
    [InlineData("servers", "container")]
    [InlineData("images", "image")]
    [InlineData("networks", "network")]
    [InlineData("flavours", "flavour")]
    public async Task A_list_by_a_name_that_matches_nothing_prints_NotFound_and_exits_15(string command, string what)
    {
        var run = await NfpAsync("pop", command, "nobody-here", "-f", "json");

        Assert.Equal(PopExitCodes.Of(StatusCode.NotFound), run.ExitCode);
        Assert.Equal(15, run.ExitCode);
        Assert.Equal($"error: NotFound: No {what} with name 'nobody-here'.", run.Error.TrimEnd());
        Assert.Equal("", run.Output);
    }

    [Fact]
    public async Task Md_get_of_an_unknown_container_exits_15()
    {
        var run = await NfpAsync("pop", "md", "get", "nobody-here");

        Assert.Equal(15, run.ExitCode);
        Assert.Equal("error: NotFound: No container with name 'nobody-here'.", run.Error.TrimEnd());
    }

    [Fact]
    public async Task Format_xml_is_rejected_by_the_parser_with_exit_code_2_before_popd_is_asked()
    {
        var run = await NfpAsync("pop", "servers", "-f", "xml");

        Assert.Equal(PopExitCodes.Usage, run.ExitCode);
        Assert.Contains("'xml'", run.Error, StringComparison.Ordinal);
        Assert.Equal(0, _connects);
    }

    [Fact]
    public async Task Malformed_auth_is_a_usage_error_that_does_not_repeat_the_secret()
    {
        var run = await NfpAsync("pop", "servers", "--auth", "hunter2-without-a-user");

        Assert.Equal(PopExitCodes.Usage, run.ExitCode);
        Assert.Contains("--auth must be user:password", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", run.Error + run.Output, StringComparison.Ordinal);
        Assert.Equal(0, _connects);
    }

    [Fact]
    public async Task POP_HOST_and_POP_AUTH_name_the_target_unless_host_and_auth_are_given()
    {
        var environment = new Dictionary<string, string> { [PopCli.HostVariable] = "127.0.0.1:60001", [PopCli.AuthVariable] = Auth };

        var fromEnvironment = await NfpAsync(environment, "pop", "flavours");
        var fromOptions = await NfpAsync(environment, "pop", "flavours", "--host", "unix:/run/popd.sock", "--auth", "operator:pa:ss");
        var fromDefault = await NfpAsync("pop", "flavours");

        Assert.Equal((0, 0, 0), (fromEnvironment.ExitCode, fromOptions.ExitCode, fromDefault.ExitCode));
        Assert.Equal(
            [
                new PopTarget("http://127.0.0.1:60001", new PopCredentials(PopdServer.User, PopdServer.Password)),
                new PopTarget("unix:/run/popd.sock", new PopCredentials("operator", "pa:ss")),
                new PopTarget(PopTarget.DefaultHost, new PopCredentials(PopdServer.User, PopdServer.Password)),
            ],
            _targets);
        Assert.Contains("docker.container", fromDefault.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("pa:ss", _targets[1].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_credentials_at_all_is_a_usage_error()
    {
        var run = await NfpAsync(new Dictionary<string, string>(), "pop", "servers");

        Assert.Equal((PopExitCodes.Usage, 0), (run.ExitCode, _connects));
        Assert.Equal("error: no credentials: give --auth user:password or set POP_AUTH.", run.Error.TrimEnd());
    }

    [Fact]
    public async Task Unreachable_popd_prints_the_Unavailable_error_line_and_exits_24()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        // Program's wiring: the real client of --host; nothing listens on port 1.
        var cli = new PopCli(target => PopClient.For(new PopClientOptions(target.Host, target.Credentials.User, target.Credentials.Password)),
            output, error, _ => null);

        var exitCode = await NfpCli.InvokeAsync(["pop", "servers", "--host", "http://127.0.0.1:1", "--auth", Auth], cli);

        Assert.Equal(24, exitCode);
        Assert.StartsWith("error: Unavailable: ", error.ToString(), StringComparison.Ordinal);
    }
}
