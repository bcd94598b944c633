using System.Diagnostics;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Nfp.Hosting;
using Nfp.Pop.Protocol;
using Nfp.Schema.Configurator;

namespace Nfp.Bench;

/// <summary>
/// The configurator's path as deploy/up.sh brings it up: the configurator's container (nfp/configurator)
/// spawned through popd on its default network — the devices' management network — with the agents'
/// password for its vendor drivers, its certificate and the proxy's pin as secret metadata; the
/// configurator proxy (a Unix socket of the run's forwarded to the container's port 8070 over mutual TLS) and its agent (the manager's calls on RabbitMQ under the run's
/// queue prefix), both as published processes. What it starts it defers to the stack's clean-up.
/// </summary>
public static class ConfiguratorPath
{
    private const string Image = "nfp/configurator:latest";

    /// <summary>
    /// The vendors the nfp/configurator image configures (its vendor-drivers.json, as deploy/up.sh gives
    /// them); it refuses to start without a password for each.
    /// </summary>
    private static readonly string[] Vendors = ["haproxy", "iptables", "strongswan"];

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    public static async Task StartAsync(BenchStack stack, string proxyPath, string agentSecret, CancellationToken cancellationToken)
    {
        var (configuratorPem, proxyPem) = (PinnedCertificates.CreateSelfSignedPem("nfp-configurator"), PinnedCertificates.CreateSelfSignedPem("nfp-configurator-proxy"));
        var secrets = Vendors.ToDictionary(vendor => $"VendorDrivers__{vendor}__Settings__AgentSecret", _ => agentSecret);
        secrets["ConfiguratorTls__Certificate"] = configuratorPem;
        secrets["ConfiguratorTls__ClientCertificateSha256"] = PinOf(proxyPem);
        var created = await stack.Pop.CreateAsync(new ContainerConfig { Name = "configurator", ImageId = Image }, cancellationToken);
        await stack.Pop.SetMetadataAsync(new Filter { Id = created.Id }, new Dictionary<string, string>(), secrets, cancellationToken);
        var started = await stack.Pop.StartAsync(new Filter { Id = created.Id }, cancellationToken);
        var configurator = $"{started.Endpoints.Values.First().Ipv4.Address}:8070";
        await UntilAsync("the configurator's /healthz", () => HealthyAsync(configurator, PinOf(configuratorPem), cancellationToken), cancellationToken);

        var socket = Path.Combine(Path.GetTempPath(), $"{stack.RunId}-configurator.sock");
        stack.Defer(() => Task.Run(() => File.Delete(socket)));
        var proxyPemFile = Path.Combine(Path.GetTempPath(), $"{stack.RunId}-configurator-proxy.pem");
        await File.WriteAllTextAsync(proxyPemFile, proxyPem, cancellationToken);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(proxyPemFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        stack.Defer(() => Task.Run(() => File.Delete(proxyPemFile)));
        var proxy = Start(stack, proxyPath, "proxy", [$"--Proxy:SocketPath={socket}", $"--Proxy:Configurator={configurator}",
            $"--Proxy:Tls:Certificate={proxyPemFile}", $"--Proxy:Tls:ConfiguratorCertificateSha256={PinOf(configuratorPem)}"]);
        await UntilAsync("the configurator proxy's socket", () => Task.FromResult(File.Exists(socket) || (proxy.HasExited
            ? throw new BenchException($"The configurator proxy exited with code {proxy.ExitCode}.\n{proxy.Tail()}") : false)), cancellationToken);
        Start(stack, proxyPath, "agent", [$"--Agent:SocketPath={socket}", $"--Agent:QueuePrefix={stack.RunId}"]);
    }

    /// <summary>Until the agent answers a pull of the configurator's notifications over RabbitMQ, through the proxy: the whole path is up.</summary>
    public static async Task WaitUntilAnsweringAsync(BenchStack stack, CancellationToken cancellationToken)
    {
        var agent = stack.NodeDriver.GetRequiredService<IBus>().CreateRequestClient<GetNotifications>(
            new Uri($"queue:{ConfiguratorQueues.Agent(stack.RunId)}"), RequestTimeout.After(s: 2));
        await UntilAsync("the configurator agent's answer to a pull", async () =>
        {
            try
            {
                await agent.GetResponse<NotificationList>(new GetNotifications(), cancellationToken);
                return true;
            }
            catch (RequestTimeoutException)
            {
                return false;
            }
        }, cancellationToken);
    }

    private static DaemonProcess Start(BenchStack stack, string proxyPath, string role, string[] arguments)
    {
        var daemon = DaemonProcess.Start(proxyPath, "nfp-configurator-proxy.dll", [role, .. arguments],
            new Dictionary<string, string> { ["ConnectionStrings__RabbitMq"] = BenchEnvironment.Get("ConnectionStrings__RabbitMq") },
            Path.Combine(Path.GetTempPath(), $"{stack.RunId}-configurator-{role}.log"));
        stack.Defer(() => daemon.DisposeAsync().AsTask());
        return daemon;
    }

    private static async Task<bool> HealthyAsync(string configurator, string pin, CancellationToken cancellationToken)
    {
        // /healthz answers without a client certificate.
        using var handler = new SocketsHttpHandler { SslOptions = { RemoteCertificateValidationCallback = (_, presented, _, _) => PinnedCertificates.Matches(presented, pin) } };
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(2) };
        try
        {
            return (await http.GetAsync(new Uri($"https://{configurator}/healthz"), cancellationToken)).IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private static string PinOf(string pem)
    {
        using var certificate = PinnedCertificates.FromPem(pem);
        return PinnedCertificates.Sha256(certificate);
    }

    private static async Task UntilAsync(string what, Func<Task<bool>> condition, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > Patience)
            {
                throw new BenchException($"No sign of {what} within {Patience.TotalSeconds:0} s.");
            }
            await Task.Delay(100, cancellationToken);
        }
    }
}
