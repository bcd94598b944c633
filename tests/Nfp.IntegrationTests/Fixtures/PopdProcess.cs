using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
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
    private readonly PostgresDatabase _db = new();
    private readonly StringBuilder _log = new();
    private Process? _process;

    public string PopName { get; init; } = $"k{Guid.NewGuid():N}"[..12];

    public string DefaultNetwork => $"{PopName}-private";

    public int Port { get; } = FreePort();

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
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public async Task InitializeAsync()
    {
        await _db.InitializeAsync();
        var options = new PopClientOptions(ClientAddress ?? $"{Scheme}://127.0.0.1:{Port}", "tester", Password);
        Client = Handler is null && options.Address.StartsWith("unix:", StringComparison.Ordinal)
            ? PopClient.For(options)
            : PopClient.Over(options, Handler ?? new SocketsHttpHandler());
        await StartAsync();
    }

    /// <summary>Starts popd and waits until it answers.</summary>
    public async Task StartAsync()
    {
        var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "popd"))
        {
            ArgumentList = { "--listen", Listen ?? $"127.0.0.1:{Port}" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["ConnectionStrings__Postgres"] = _db.ConnectionString,
                ["POPD_AUTH"] = EnvironmentAuth ? $"tester:{Password}" : null,
                ["Popd__PopName"] = PopName,
                ["Popd__DefaultNetwork"] = DefaultNetwork,
                ["Popd__StopTimeoutSeconds"] = "2",
                ["DOTNET_ENVIRONMENT"] = "Development",
                ["ASPNETCORE_ENVIRONMENT"] = "Development",
            },
        };
        foreach (var (name, value) in Environment)
        {
            start.Environment[name] = value;
        }
        foreach (var argument in Arguments)
        {
            start.ArgumentList.Add(argument);
        }
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, line) => Append(line.Data);
        _process.ErrorDataReceived += (_, line) => Append(line.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var clock = Stopwatch.StartNew();
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
                throw new InvalidOperationException($"popd did not start: {e.Status.Detail}\n{Log}", e);
            }
        }
    }

    /// <summary>kill -9: no shutdown code runs.</summary>
    public async Task KillAsync()
    {
        _process!.Kill();
        await _process.WaitForExitAsync();
    }

    public async Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            await KillAsync();
        }
        Client?.Dispose();
        await DockerCli.RemoveLabelledAsync($"{DockerEngine.PopLabel}={PopName}");
        await _db.DisposeAsync();
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_log)
            {
                _log.AppendLine(line);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
