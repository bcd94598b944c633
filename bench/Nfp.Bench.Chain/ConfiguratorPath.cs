using System.Diagnostics;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Nfp.Pop.Protocol;
using Nfp.Schema.Configurator;

namespace Nfp.Bench.Chain;

/// <summary>
/// The configurator's path as deploy/up.sh brings it up: the configurator's container (nfp/configurator)
/// spawned through popd on its default network — the devices' management network — with the agents'
/// password for its vendor drivers as metadata; the configurator proxy (a Unix socket of the run's
/// forwarded to the container's port 8070) and its agent (the manager's calls on RabbitMQ under the run's
/// queue prefix), both as published processes. What it starts it defers to the stack's clean-up.
/// </summary>
internal static class ConfiguratorPath
{
    private const string Image = "nfp/configurator:latest";

    /// <summary>The vendors the nfp/configurator image configures; it refuses to start without a password for each.</summary>
    private static readonly string[] Vendors = [LoadBalancer.Vendor, "iptables"];

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    public static async Task StartAsync(BenchStack stack, string proxyPath, string agentSecret, CancellationToken cancellationToken)
    {
        var created = await stack.Pop.CreateAsync(new ContainerConfig { Name = "configurator", ImageId = Image }, cancellationToken);
        await stack.Pop.SetMetadataAsync(new Filter { Id = created.Id },
            Vendors.ToDictionary(vendor => $"VendorDrivers__{vendor}__Settings__AgentSecret", _ => agentSecret), cancellationToken);
        var started = await stack.Pop.StartAsync(new Filter { Id = created.Id }, cancellationToken);
        var configurator = $"{started.Endpoints.Values.First().Ipv4.Address}:8070";
        await UntilAsync("the configurator's /healthz", () => HealthyAsync(configurator, cancellationToken), cancellationToken);

        var socket = Path.Combine(Path.GetTempPath(), $"{stack.RunId}-configurator.sock");
        stack.Defer(() => Task.Run(() => File.Delete(socket)));
        var proxy = Start(stack, proxyPath, "proxy", [$"--Proxy:SocketPath={socket}", $"--Proxy:Configurator={configurator}"]);
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

    private static async Task<bool> HealthyAsync(string configurator, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        try
        {
            return (await http.GetAsync(new Uri($"http://{configurator}/healthz"), cancellationToken)).IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
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
