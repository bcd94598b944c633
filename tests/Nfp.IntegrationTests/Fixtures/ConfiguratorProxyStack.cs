using System.Collections.Concurrent;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Nfp.Configurator;
using Nfp.Configurator.Api;
using Nfp.ConfiguratorProxy;
using Nfp.Schema.Configurator;
using Nfp.Schema.Json;

namespace Nfp.IntegrationTests.Fixtures;

/// <summary>
/// The configurator's whole path as the manager uses it, on the real RabbitMQ: the agent (taking calls
/// from its queue under a prefix of the class's own), the proxy on a Unix socket of its own, and the
/// configurator — here in process, listening on a loopback TCP port, with the
/// <see cref="RecordingVendorDriver"/> as vendor "recorder"; in <see cref="ConfiguratorContainerStack"/>,
/// its container. <see cref="Manager"/> is a bus standing in for the manager: it sends calls and pulls,
/// and keeps the notifications the agent sends to the manager's queue.
/// </summary>
public class ConfiguratorProxyStack : IAsyncLifetime
{
    private readonly string _socket = Path.Combine(Path.GetTempPath(), $"nfp-{Guid.NewGuid():N}.sock");
    private WebApplication? _configurator;
    private IHost? _proxy;
    private IHost? _agent;

    private readonly string _agentRabbitMq;
    private readonly string _managerRabbitMq;

    public ConfiguratorProxyStack()
        : this($"t{Guid.NewGuid():N}"[..10], NfpEnvironment.RabbitMq, NfpEnvironment.RabbitMq)
    {
    }

    /// <summary>The stack under <paramref name="queuePrefix"/>, its agent and its stand-in manager logged in as the users of the URIs given (internal: xunit wants one public constructor of a fixture).</summary>
    internal ConfiguratorProxyStack(string queuePrefix, string agentRabbitMq, string managerRabbitMq) =>
        (QueuePrefix, _agentRabbitMq, _managerRabbitMq) = (queuePrefix, agentRabbitMq, managerRabbitMq);

    public string QueuePrefix { get; }

    private readonly int _port = DaemonProcess.FreePort();

    public IBusControl Manager { get; private set; } = null!;

    /// <summary>The notifications the agent sent to the manager's queue.</summary>
    public ConcurrentQueue<ConfiguratorNotification> Sent { get; } = new();

    /// <summary>Where the configurator listens (host:port).</summary>
    public string ConfiguratorAddress { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var configurator = ConfiguratorAddress = await StartConfiguratorAsync();
        _proxy = await StartProxyAsync(_socket, configurator);
        _agent = await StartAgentAsync(_socket, QueuePrefix, _agentRabbitMq);
        Manager = Bus.Factory.CreateUsingRabbitMq(rabbit =>
        {
            rabbit.Host(new Uri(_managerRabbitMq));
            // The manager's reply queue is named so (its RabbitMQ user and the agent's allow no other).
            rabbit.OverrideDefaultBusEndpointQueueName(ConfiguratorQueues.ManagerReplies(QueuePrefix));
            rabbit.ConfigureJsonSerializerOptions(NfpJson.Configure);
            rabbit.ReceiveEndpoint(ConfiguratorQueues.Notifications(QueuePrefix), endpoint =>
            {
                // As the manager's: no message-type exchange bound.
                endpoint.ConfigureConsumeTopology = false;
                endpoint.Handler<ConfiguratorNotification>(context =>
                {
                    Sent.Enqueue(context.Message);
                    return Task.CompletedTask;
                });
            });
        });
        await Manager.StartAsync();
    }

    /// <summary>Sends a call to the agent, as the manager does.</summary>
    public async Task SendAsync(ConfiguratorCall call) =>
        await (await Manager.GetSendEndpoint(new Uri($"queue:{ConfiguratorQueues.Agent(QueuePrefix)}"))).Send(call);

    /// <summary>The first notification about <paramref name="nsdId"/> the agent sent to the manager's queue, waited for.</summary>
    public async Task<ConfiguratorNotification> SentAboutAsync(Guid nsdId)
    {
        ConfiguratorNotification? sent = null;
        await Eventually.HoldsAsync(() => Task.FromResult((sent = Sent.FirstOrDefault(n => n.Context.NsdId == nsdId)) is not null),
            TimeSpan.FromSeconds(15), $"the agent's notification about {nsdId}");
        return sent!;
    }

    /// <summary>Pulls the configurator's pending notifications through the agent, as the manager's job does (waiting as it asks).</summary>
    public async Task<IReadOnlyList<ConfiguratorNotification>> PullAsync(int waitMilliseconds = 0) =>
        (await PullAsync(new GetNotifications(waitMilliseconds))).Notifications;

    /// <summary>Sends <paramref name="pull"/> to the agent, as the manager's job does, and returns the answer.</summary>
    public async Task<NotificationList> PullAsync(GetNotifications pull)
    {
        var client = Manager.CreateRequestClient<GetNotifications>(new Uri($"queue:{ConfiguratorQueues.Agent(QueuePrefix)}"), RequestTimeout.After(s: 10));
        return (await client.GetResponse<NotificationList>(pull)).Message;
    }

    /// <summary>Stops the configurator (as a restart of its container would); <see cref="StartConfiguratorAsync"/> starts it again.</summary>
    public virtual async Task StopConfiguratorAsync()
    {
        await _configurator!.DisposeAsync();
        _configurator = null;
    }

    /// <summary>Starts the configurator; returns where it listens, <c>host:port</c>.</summary>
    public virtual async Task<string> StartConfiguratorAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls($"https://127.0.0.1:{_port}");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"VendorDrivers:{ConfiguratorServer.Vendor}:Assembly"] = typeof(RecordingVendorDriver).Assembly.Location,
            [$"VendorDrivers:{ConfiguratorServer.Vendor}:Type"] = typeof(RecordingVendorDriver).FullName,
            [$"VendorDrivers:{ConfiguratorServer.Vendor}:Settings:ProbePort"] = "1",
        });
        builder.Configuration.AddInMemoryCollection(ConfiguratorCredentials.ConfiguratorSettings()!);
        builder.AddNfpConfigurator();
        _configurator = builder.Build();
        _configurator.MapConfiguratorV1();
        await _configurator.StartAsync();
        return $"127.0.0.1:{_port}";
    }

    public virtual async Task DisposeAsync()
    {
        await Manager.StopAsync();
        foreach (var host in new[] { _agent, _proxy })
        {
            if (host is not null)
            {
                await host.StopAsync();
                host.Dispose();
            }
        }
        if (_configurator is not null)
        {
            await _configurator.DisposeAsync();
        }
        await ManagerServer.DeleteQueuesAsync(QueuePrefix);
    }

    /// <summary>
    /// The configurator proxy, in process: <paramref name="socket"/> forwarded to <paramref name="configurator"/>
    /// (<c>host:port</c>), with the run's <see cref="ConfiguratorCredentials"/>.
    /// </summary>
    public static Task<IHost> StartProxyAsync(string socket, string configurator) =>
        StartAsync(builder => builder.AddConfiguratorProxy(), new(ConfiguratorCredentials.ProxySettings())
        {
            ["Proxy:SocketPath"] = socket,
            ["Proxy:Configurator"] = configurator,
            ["Proxy:ConnectTimeoutMilliseconds"] = "1000",
        });

    /// <summary>
    /// The configurator proxy, in process, supervising the configurator's container <paramref name="container"/>
    /// in <paramref name="popd"/>: <paramref name="socket"/> forwarded to it while it runs, and the container
    /// made again when it dies, given the secret metadata in the folder <paramref name="secrets"/> (if any).
    /// </summary>
    public static Task<IHost> StartSupervisingProxyAsync(string socket, PopdProcess popd, string container, string secrets = "") =>
        StartAsync(builder => builder.AddConfiguratorProxy(), new(ConfiguratorCredentials.ProxySettings())
        {
            ["Proxy:Supervise:Secrets"] = secrets,
            ["Proxy:SocketPath"] = socket,
            ["Proxy:ConnectTimeoutMilliseconds"] = "1000",
            ["Proxy:Supervise:Pop"] = $"http://127.0.0.1:{popd.Port}",
            ["Proxy:Supervise:Username"] = "tester",
            ["Proxy:Supervise:Password"] = popd.Password,
            ["Proxy:Supervise:Container"] = container,
        });

    /// <summary>
    /// The configurator agent, in process: the calls of the manager with <paramref name="queuePrefix"/>, to
    /// <paramref name="socket"/>, logged in as <paramref name="rabbitMq"/>'s user (NFP's <c>nfp</c> by default).
    /// </summary>
    public static Task<IHost> StartAgentAsync(string socket, string queuePrefix, string? rabbitMq = null) =>
        StartAsync(builder => builder.AddConfiguratorAgent(), new()
        {
            ["ConnectionStrings:RabbitMq"] = rabbitMq ?? NfpEnvironment.RabbitMq,
            ["Agent:SocketPath"] = socket,
            ["Agent:QueuePrefix"] = queuePrefix,
            ["Agent:RequestTimeoutSeconds"] = "5",
        });

    private static async Task<IHost> StartAsync(Action<HostApplicationBuilder> add, Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        add(builder);
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }
}
