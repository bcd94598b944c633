using System.Diagnostics;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Dapper;
using Nfp.IntegrationTests.Fixtures;
using Nfp.Popd.Configuration;
using Npgsql;

namespace Nfp.EndToEndTests;

/// <summary>
/// The README's main job, run as an operator runs it: <c>deploy/up.sh</c> brings the stack up (bootstrap,
/// images, release builds, popd, the configurator's container, proxy and agent, the manager) and renders
/// the demo chain — each create's steps as they run, the status table, answers from both backends
/// through the VIP and the denied port refused; <c>deploy/down.sh</c> then takes it all down. It is the
/// machine's own stack (the nfp database, popd on 127.0.0.1:60000, the manager on :9797): one already
/// running there is restarted by up.sh and stopped by down.sh, as the operator's commands do. Between the
/// two, the Python example (docs/examples/python/example.py, pika over RabbitMQ, no .NET) drives the
/// manager on that stack: a load balancer of its own created, updated and deleted, and a request refused.
/// </summary>
public sealed partial class MainJobTests
{
    [Fact]
    public async Task Up_renders_the_demo_chain_with_proof_of_traffic_the_Python_example_drives_it_and_down_leaves_nothing_of_it()
    {
        var logsBefore = Daemons.Select(LogSize).ToArray();
        var up = await RunAsync("deploy/up.sh", TimeSpan.FromMinutes(15));
        var idle = up.ExitCode == 0 ? await IdleLogGrowthAsync() : [];
        var logged = string.Concat(await Task.WhenAll(Daemons.Select((daemon, i) => LoggedSinceAsync(daemon, logsBefore[i]))));
        var example = up.ExitCode == 0 ? await PythonExampleAsync() : (ExitCode: -1, Output: "not run: deploy/up.sh failed");
        var api = up.ExitCode == 0 ? await OperatorApiAsync() : default;
        var cli = up.ExitCode == 0 ? await RunAsync("artifacts/Nfp.Cli/nfp service show demo-lb -f yaml", TimeSpan.FromSeconds(30)) : default;
        var vpn = up.ExitCode == 0 ? await RunAsync("deploy/demo-vpn.sh up", TimeSpan.FromMinutes(5)) : default;
        var leaks = up.ExitCode == 0 ? await SecretLeaksAsync(up.Output) : [];
        var down = await RunAsync("deploy/down.sh", TimeSpan.FromMinutes(5));

        Assert.True(up.ExitCode == 0, $"deploy/up.sh failed ({up.ExitCode}):\n{Tail(up.Output)}");
        foreach (var shown in new[]
        {
            "plug_nsd_interface", "create_network_service_config", "demo-fw is ACTIVE", "demo-lb is ACTIVE",
            "-> demo-web1", "-> demo-web2", "both backends answered through the VIP", "the port the firewall denies is refused",
        })
        {
            Assert.Contains(shown, up.Output, StringComparison.Ordinal);
        }
        var services = ServiceCreated().Matches(up.Output).Select(m => Guid.Parse(m.Groups[1].Value)).ToArray();
        Assert.Equal(2, services.Length);

        // Idle, with the demo's two devices health-monitored, the stack's logs stay quiet (the agent's grew 36 KB a minute once).
        Assert.All(idle, grew => Assert.True(grew.Bytes <= IdleLogBytes, $"{grew.Log} grew {grew.Bytes} bytes in {IdleWindow.TotalSeconds} s of idling"));
        Assert.Equal(Daemons.Length + 1, idle.Count);
        // No daemon reaches beyond this machine: MassTransit's usage report to masstransit.io is off.
        Assert.DoesNotContain("Usage Telemetry", logged, StringComparison.Ordinal);
        Assert.Contains("Bus started", logged, StringComparison.Ordinal);

        // The operator's admin token, readable by root alone, opens the REST API, which refuses a caller without one.
        Assert.Equal((UnixFileMode.UserRead | UnixFileMode.UserWrite, System.Net.HttpStatusCode.OK, System.Net.HttpStatusCode.Unauthorized),
            (api.Mode, api.WithToken, api.Without));

        // The published CLI (one native executable, compiled ahead of time) reads the operator's token and prints the service as YAML.
        Assert.True(cli.ExitCode == 0, $"nfp service show demo-lb failed ({cli.ExitCode}):\n{cli.Output}");
        Assert.Contains("  name: demo-lb\n", cli.Output, StringComparison.Ordinal);
        Assert.Contains("  provisioning_status: ACTIVE\n", cli.Output, StringComparison.Ordinal);

        // The VPN demo: two sites' hosts reach each other through two VPN services, only ESP on the public network, nothing without the tunnel.
        Assert.True(vpn.ExitCode == 0, $"deploy/demo-vpn.sh up failed ({vpn.ExitCode}):\n{Tail(vpn.Output)}");
        foreach (var shown in new[]
        {
            "vpn-a is ACTIVE", "vpn-b is ACTIVE", "3 answered (", "only ESP crossed the public network", "nothing passes without the tunnel", "the tunnel is back",
        })
        {
            Assert.Contains(shown, vpn.Output, StringComparison.Ordinal);
        }
        Assert.DoesNotContain("psk", vpn.Output, StringComparison.Ordinal);

        // No secret in docker inspect, popd's answers or rows, a command line, a log, or a daemon's environment that does not use it (MainJobSecrets.cs).
        Assert.Empty(leaks);

        Assert.True(example.ExitCode == 0, $"{PythonExample} failed ({example.ExitCode}):\n{Tail(example.Output)}");
        foreach (var shown in new[]
        {
            "status after create: ACTIVE", "status after update: ACTIVE (", "listener port 8080", "status after delete: DELETED",
            "get_network_services lists 0 of it; asked for DELETED ones, 1",
            "fault: invalid_request", "field: service_config.rules[0].port (out_of_range)", "nothing was written",
        })
        {
            Assert.True(example.Output.Contains(shown, StringComparison.Ordinal), $"{PythonExample} did not print '{shown}':\n{Tail(example.Output)}");
        }

        Assert.True(down.ExitCode == 0, $"deploy/down.sh failed ({down.ExitCode}):\n{Tail(down.Output)}");
        await AssertNothingLeftAsync(services);
    }

    /// <summary>The demo's services, instances and devices DELETED; popd holds no container and no demo network; no daemon runs.</summary>
    /// <summary>/etc/nfp/operator.env's mode, and what the manager answers GET /v1/network_services with its token and without one.</summary>
    private static async Task<(UnixFileMode Mode, System.Net.HttpStatusCode WithToken, System.Net.HttpStatusCode Without)> OperatorApiAsync()
    {
        const string OperatorEnv = "/etc/nfp/operator.env";
        var token = File.ReadAllLines(OperatorEnv).Single(line => line.StartsWith("NFP_TOKEN=", StringComparison.Ordinal))["NFP_TOKEN=".Length..];
        using var http = new HttpClient { BaseAddress = new Uri("http://127.0.0.1:9797") };
        var without = (await http.GetAsync(new Uri("/v1/network_services", UriKind.Relative))).StatusCode;
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        var withToken = (await http.GetAsync(new Uri("/v1/network_services", UriKind.Relative))).StatusCode;
        return (File.GetUnixFileMode(OperatorEnv), withToken, without);
    }

    private static async Task AssertNothingLeftAsync(Guid[] services)
    {
        await using var connection = new NpgsqlConnection(NfpEnvironment.Postgres);
        var statuses = (await connection.QueryAsync<string>(
            "SELECT provisioning_status FROM network_services WHERE id = ANY(@services)", new { services })).ToList();
        Assert.Equal(2, statuses.Count);
        Assert.All(statuses, status => Assert.Equal("DELETED", status));
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>(
            "SELECT count(*) FROM network_service_instances WHERE network_service_id = ANY(@services) AND provisioning_status <> 'DELETED'", new { services }));
        var devices = (await connection.QueryAsync<(Guid Id, string Status)>(
            """
            SELECT id, provisioning_status FROM network_service_devices
            WHERE id IN (SELECT nsd_id FROM network_service_instances WHERE network_service_id = ANY(@services))
            """, new { services })).ToList();
        Assert.Equal(2, devices.Count);
        foreach (var (id, status) in devices)
        {
            Assert.Equal("DELETED", status);
            Assert.Empty(await DockerCli.ContainersLabelled($"nfp.nsd_id={id}"));
        }

        // Everything that popd made for the job is gone, in its state and in Docker, but its default network.
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM pop.containers"));
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM pop.networks WHERE name LIKE 'demo-%' OR name LIKE 'vpn-%'"));
        var pop = new PopdOptions().PopName; // popd init writes the default name
        Assert.Empty(await DockerCli.ContainersLabelled($"nfp.pop={pop}"));
        var networks = await DockerCli.RunAsync("network", "ls", "--filter", $"label=nfp.pop={pop}", "--format", "{{.Name}}");
        Assert.DoesNotContain("demo-", networks, StringComparison.Ordinal);

        foreach (var daemon in Daemons)
        {
            Assert.False(File.Exists($"/run/nfp/{daemon}.pid"), $"{daemon} is still recorded as running");
        }
        foreach (var port in new[] { 9797, 60000 })
        {
            using var client = new TcpClient();
            await Assert.ThrowsAsync<SocketException>(() => client.ConnectAsync("127.0.0.1", port));
        }
    }

    /// <summary>The daemons up.sh starts, each with a pid file in /run/nfp and a log in /var/log/nfp.</summary>
    private static readonly string[] Daemons = ["manager", "popd", "configurator-proxy", "configurator-agent"];

    private static readonly TimeSpan IdleWindow = TimeSpan.FromSeconds(20);

    /// <summary>What a log may grow by in <see cref="IdleWindow"/> of idling: a line or two, not a line per pull or probe.</summary>
    private const long IdleLogBytes = 512;

    /// <summary>
    /// How much each daemon's log and the configurator container's output grow in <see cref="IdleWindow"/>
    /// while the stack, the demo chain up, is asked nothing: the manager pulls notifications every second
    /// through the agent, and the configurator probes both devices every 400 ms.
    /// </summary>
    private static async Task<IReadOnlyList<(string Log, long Bytes)>> IdleLogGrowthAsync()
    {
        const string configurator = $"{StackPrefix}nfp-configurator";
        async Task<long[]> SizesAsync()
        {
            var (_, output, error) = await DockerCli.TryRunAsync("logs", configurator);
            return [.. Daemons.Select(LogSize), output.Length + error.Length];
        }
        var before = await SizesAsync();
        await Task.Delay(IdleWindow);
        var after = await SizesAsync();
        return [.. Daemons.Select(LogOf).Append($"docker logs {configurator}").Select((log, i) => (log, after[i] - before[i]))];
    }

    private static string LogOf(string daemon) => $"/var/log/nfp/{daemon}.log";

    private static long LogSize(string daemon) => File.Exists(LogOf(daemon)) ? new FileInfo(LogOf(daemon)).Length : 0;

    /// <summary>What <paramref name="daemon"/> logged after its log was <paramref name="offset"/> bytes long (up.sh appends to it).</summary>
    private static async Task<string> LoggedSinceAsync(string daemon, long offset)
    {
        await using var log = File.OpenRead(LogOf(daemon));
        log.Seek(Math.Min(offset, log.Length), SeekOrigin.Begin);
        return await new StreamReader(log).ReadToEndAsync();
    }

    /// <summary>
    /// The Python example against the stack up.sh started, with Debian's interpreter (python3-pika, which
    /// bootstrap.sh installs, is in its dist-packages; a python3 earlier on the PATH may not see it) and the
    /// stack's RabbitMQ as the node driver's own user. Its waits are bounded (60 s per status, 10 s per call)
    /// inside the patience given here.
    /// </summary>
    private static Task<(int ExitCode, string Output)> PythonExampleAsync() =>
        RunAsync($"{PythonExample} --timeout 60 --call-timeout 10", TimeSpan.FromMinutes(4),
            new Dictionary<string, string> { ["ConnectionStrings__RabbitMq"] = NfpEnvironment.ComponentRabbitMq("node-driver") });

    private const string PythonExample = "/usr/bin/python3 docs/examples/python/example.py";

    /// <summary>
    /// Runs <paramref name="command"/> (a shell command line, e.g. <c>deploy/up.sh</c>) from the checkout,
    /// with <paramref name="environment"/> added, its output to a file rather than a pipe (the build servers
    /// dotnet publish leaves behind would hold a pipe open); past <paramref name="patience"/> it is killed
    /// with what it started and counts as failed.
    /// </summary>
    private static async Task<(int ExitCode, string Output)> RunAsync(
        string command, TimeSpan patience, IReadOnlyDictionary<string, string>? environment = null)
    {
        var log = Path.GetTempFileName();
        try
        {
            var start = new ProcessStartInfo("bash", ["-c", $"exec {command} >{log} 2>&1"]) { WorkingDirectory = Checkout() };
            foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            {
                start.Environment[name] = value;
            }
            using var script = Process.Start(start)!;
            using var timeout = new CancellationTokenSource(patience);
            try
            {
                await script.WaitForExitAsync(timeout.Token);
                return (script.ExitCode, await File.ReadAllTextAsync(log));
            }
            catch (OperationCanceledException)
            {
                script.Kill(entireProcessTree: true);
                await script.WaitForExitAsync();
                return (-1, $"{await File.ReadAllTextAsync(log)}\n(killed after {patience.TotalMinutes} min)");
            }
        }
        finally
        {
            File.Delete(log);
        }
    }

    /// <summary>The checkout this test was built from: the folder above the test binaries that holds NFP.sln.</summary>
    private static string Checkout()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(folder.FullName, "NFP.sln")))
        {
            folder = folder.Parent ?? throw new InvalidOperationException($"No NFP.sln above {AppContext.BaseDirectory}.");
        }
        return folder.FullName;
    }

    private static string Tail(string output) => output[^Math.Min(output.Length, 6000)..];

    /// <summary>demo-chain.sh's line for each create: "demo-fw: network service ID, operation ID".</summary>
    [GeneratedRegex(@"demo-(?:fw|lb): network service ([0-9a-f-]{36})")]
    private static partial Regex ServiceCreated();
}
