using Nfp.Pop.Client;
using Nfp.Popd.Engine;

namespace Nfp.IntegrationTests.Fixtures;

/// <summary>
/// popd as a real process (the build's own popd executable) on a fresh database, for tests that kill it
/// with SIGKILL and start it again on the same state, or start it with a configuration of their own
/// (set the init-only properties).
/// </summary>
public sealed class PopdProcess : IAsyncLifetime
{
    private DaemonProcess? _process;

    /// <summary>popd's database, for a test that writes the state a popd killed at a given point leaves.</summary>
    public PostgresDatabase Database { get; } = new();

    public string PopName { get; init; } = $"k{Guid.NewGuid():N}"[..12];

    public string DefaultNetwork => $"{PopName}-private";

    /// <summary>
    /// The default network's subnet: one of the test block's by default, since the sixteen /16s popd picks
    /// from by itself run out when many popds start at once; empty leaves the choice to popd.
    /// </summary>
    public string DefaultNetworkSubnet { get; init; } = TestSubnets.Next().Ipv4;

    public int Port { get; } = DaemonProcess.FreePort();

    /// <summary>The password of user "tester", given to popd in POPD_AUTH unless <see cref="EnvironmentAuth"/> is false.</summary>
    public string Password { get; init; } = "pw-of-a-test";

    public bool EnvironmentAuth { get; init; } = true;

    /// <summary>Extra environment variables, e.g. <c>Popd__RemoveUnknownContainers</c>.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>Extra command-line arguments, e.g. <c>--config FILE</c>.</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];

    /// <summary>What popd listens on (<c>--listen</c>) and the client's address; loopback h2c on <see cref="Port"/> by default.</summary>
    public string? Listen { get; init; }

    public string? ClientAddress { get; init; }

    /// <summary>The default client address's scheme: https when popd is configured with a certificate.</summary>
    public string Scheme { get; init; } = "http";

    /// <summary>The client's HTTP handler, e.g. one that trusts a test certificate.</summary>
    public HttpMessageHandler? Handler { get; init; }

    public PopClient Client { get; private set; } = null!;

    /// <summary>What popd printed, for a failing test's message.</summary>
    public string Log => _process?.Log ?? "";

    public async Task InitializeAsync()
    {
        await Database.InitializeAsync();
        var options = new PopClientOptions(ClientAddress ?? $"{Scheme}://127.0.0.1:{Port}", "tester", Password);
        Client = Handler is null && options.Address.StartsWith("unix:", StringComparison.Ordinal)
            ? PopClient.For(options)
            : PopClient.Over(options, Handler ?? new SocketsHttpHandler());
        await StartAsync();
    }

    /// <summary>Starts popd and waits until it answers.</summary>
    public async Task StartAsync()
    {
        var environment = new Dictionary<string, string?>
        {
            ["ConnectionStrings__Postgres"] = Database.ConnectionString,
            ["POPD_AUTH"] = EnvironmentAuth ? $"tester:{Password}" : null,
            ["Popd__PopName"] = PopName,
            ["Popd__DefaultNetwork"] = DefaultNetwork,
            ["Popd__DefaultNetworkSubnet"] = DefaultNetworkSubnet,
            ["Popd__StopTimeoutSeconds"] = "2",
        };
        foreach (var (name, value) in Environment)
        {
            environment[name] = value;
        }
        _process = DaemonProcess.Start("popd", new[] { "--listen", Listen ?? $"127.0.0.1:{Port}" }.Concat(Arguments), environment);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await Client.InfoAsync();
                return;
            }
            catch (Grpc.Core.RpcException) when (clock.Elapsed < TimeSpan.FromSeconds(30) && !_process.HasExited)
            {
                await Task.Delay(100);
            }
            catch (Grpc.Core.RpcException e)
            {
                // Gone (or killed now), and its output read to the end: the reason is its last lines.
                var why = _process.HasExited ? "exited" : $"did not answer within {clock.Elapsed.TotalSeconds:0} s";
                await _process.KillAsync();
                throw new InvalidOperationException($"popd {why}; the last call: {e.Status.Detail}\n{Log}", e);
            }
        }
    }

    /// <summary>kill -9: no shutdown code runs.</summary>
    public Task KillAsync() => _process!.KillAsync();

    public async Task DisposeAsync()
    {
        if (_process is not null)
        {
            await KillAsync();
        }
        Client?.Dispose();
        await DockerCli.RemoveLabelledAsync($"{DockerEngine.PopLabel}={PopName}");
        await Database.DisposeAsync();
    }
}
