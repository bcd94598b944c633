using Nfp.IntegrationTests.Fixtures;
using Nfp.NodeDriver;
using Nfp.Schema.Configurator;
using Nfp.Schema.Resources;
using Nfp.Schema.Rpc;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Nfp.IntegrationTests.Broker;

/// <summary>
/// Each NFP component on RabbitMQ as its own user, with the permissions deploy/rabbitmq-user.sh gives it
/// (<see cref="ComponentUsers"/>): enough for what it does — the node driver's RPCs to the manager, the
/// manager's workers, the configurator agent's answers and refusals — and refused on another's queues.
/// </summary>
public sealed class ComponentUserTests(ComponentUserTests.Stack stack) : IClassFixture<ComponentUserTests.Stack>
{
    /// <summary>
    /// A manager and a node driver under one prefix, and the configurator's path (the agent, the proxy,
    /// the configurator, a bus standing in for the manager) under another, each logged in as its component's user.
    /// </summary>
    public sealed class Stack : IAsyncLifetime
    {
        public ComponentUsers Users { get; } = new();

        public ComponentUsers ConfiguratorUsers { get; } = new();

        public ManagerServer Manager { get; private set; } = null!;

        public ConfiguratorProxyStack Configurator { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            await Task.WhenAll(Users.InitializeAsync(), ConfiguratorUsers.InitializeAsync());
            Manager = new ManagerServer
            {
                QueuePrefix = Users.QueuePrefix,
                Settings = new Dictionary<string, string>(ManagerServer.Parked) { ["ConnectionStrings:RabbitMq"] = Users.RabbitMq(ComponentUsers.Manager) },
            };
            Configurator = new ConfiguratorProxyStack(ConfiguratorUsers.QueuePrefix,
                ConfiguratorUsers.RabbitMq(ComponentUsers.ConfiguratorAgent), ConfiguratorUsers.RabbitMq(ComponentUsers.Manager));
            await Task.WhenAll(Manager.InitializeAsync(), Configurator.InitializeAsync());
        }

        public async Task DisposeAsync()
        {
            await Task.WhenAll(Manager.DisposeAsync(), Configurator.DisposeAsync());
            await Task.WhenAll(Users.DisposeAsync(), ConfiguratorUsers.DisposeAsync());
        }
    }

    private string Prefix => stack.Users.QueuePrefix;

    [Fact]
    public async Task The_node_driver_drives_the_manager_each_as_its_own_user()
    {
        await using var driver = await NodeDriverHarness.StartAsync(Prefix, stack.Users.RabbitMq(ComponentUsers.NodeDriver));
        // MassTransit retries a send its user may not make until cancelled: a permission missing fails here, not never.
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        var accepted = await driver.Client.CreateNetworkServiceAsync(new CreateNetworkService(
            Guid.NewGuid(), Guid.NewGuid(), new ServiceProfile(Guid.NewGuid(), ServiceType.Loadbalancer, "haproxy"),
            [
                new PortInfoRequest(Guid.NewGuid(), PortPolicy.GbpPolicyTarget, PortClassification.Provider, "tenant-web"),
                new PortInfoRequest(Guid.NewGuid(), PortPolicy.GbpPolicyTarget, PortClassification.Consumer, "tenant-users"),
            ], Name: "own-users"), patience.Token);
        var refused = await Assert.ThrowsAsync<NetworkServiceRpcException>(() =>
            driver.Client.GetNetworkServiceAsync(new GetNetworkService(Guid.NewGuid()), patience.Token));

        // The manager's workers (its orchestration queue) took the operation up: the service's device is being made.
        await Eventually.HoldsAsync(async () =>
            (await driver.Client.GetNetworkServiceAsync(new GetNetworkService(accepted.NetworkServiceId), patience.Token)).Devices.Count > 0,
            TimeSpan.FromSeconds(30), "the create's device");
        Assert.Equal(RpcFaultCode.NotFound, refused.Fault.Code);
    }

    [Fact]
    public async Task The_configurator_agent_answers_pulls_and_sends_refusals_to_the_manager_each_as_its_own_user()
    {
        // A member's port out of range: the configurator refuses the call, and the agent answers it.
        var call = new ConfiguratorCall(ConfiguratorMethod.CreateNetworkServiceConfig, Configurator.ConfiguratorApiTests.Request(ServiceType.Loadbalancer,
            RecordingVendorDriver.Resource(ConfigResourceKind.Loadbalancer, new { MgmtIpAddress = "10.3.0.6", Members = new[] { new { Address = "10.3.1.1", Port = 70000 } } })));

        var pulled = await stack.Configurator.PullAsync(new GetNotifications(0));
        await stack.Configurator.SendAsync(call);

        Assert.NotEqual(Guid.Empty, pulled.ConfiguratorInstance);
        Assert.Equal(ConfigResult.Failure, (await stack.Configurator.SentAboutAsync(call.Request.Info.Context.NsdId)).Result);
    }

    [Fact]
    public async Task A_client_without_MassTransit_asks_as_the_node_drivers_user_with_either_reply_address()
    {
        await using var client = await RawAmqpClient.ConnectAsync(stack.Users.RabbitMq(ComponentUsers.NodeDriver));
        var queue = RpcQueues.Name<GetNetworkService>(Prefix);
        var message = new { network_service_id = Guid.NewGuid() };

        var atDirectReplyTo = await client.AskAsync(queue, RawAmqpClient.Envelope(RawAmqpClient.MessageType("GetNetworkService"), message), TimeSpan.FromSeconds(10));
        var atItsExchange = await client.AskAtExchangeAsync(Prefix, queue, RawAmqpClient.MessageType("GetNetworkService"), message);

        Assert.Equal(RawAmqpClient.MessageType("RpcFault"), atDirectReplyTo?.Envelope.GetProperty("message_type")[0].GetString());
        Assert.Equal(RawAmqpClient.MessageType("RpcFault"), atItsExchange.GetProperty("message_type")[0].GetString());
    }

    public static TheoryData<string, string, string> Refused => new()
    {
        // A node driver takes no request meant for the manager, nor its workers' events.
        { ComponentUsers.NodeDriver, "consume", "create-network-service" },
        { ComponentUsers.NodeDriver, "consume", "orchestration-worker" },
        { ComponentUsers.NodeDriver, "delete", "orchestration-worker" },
        // It sends only RPCs: no worker event, no configurator call, nothing through the default exchange.
        { ComponentUsers.NodeDriver, "publish", "orchestration-worker" },
        { ComponentUsers.NodeDriver, "publish", "configurator-proxy" },
        { ComponentUsers.NodeDriver, "publish-default", "configurator-proxy" },
        // The configurator agent sends no RPC and no worker event, and reads no queue of the manager's.
        { ComponentUsers.ConfiguratorAgent, "publish", "create-network-service" },
        { ComponentUsers.ConfiguratorAgent, "publish", "orchestration-worker" },
        { ComponentUsers.ConfiguratorAgent, "publish-default", "create-network-service" },
        { ComponentUsers.ConfiguratorAgent, "consume", "configurator-notification" },
        { ComponentUsers.ConfiguratorAgent, "consume", "create-network-service" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task A_components_user_is_refused_on_anothers_queue(string component, string action, string queue)
    {
        var name = $"{Prefix}-{queue}";
        var factory = new ConnectionFactory { Uri = new Uri(stack.Users.RabbitMq(component)) };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();

        var refused = await Assert.ThrowsAnyAsync<OperationInterruptedException>(async () =>
        {
            switch (action)
            {
                case "consume":
                    await channel.BasicConsumeAsync(name, true, new AsyncDefaultBasicConsumer(channel));
                    break;
                case "delete":
                    await channel.QueueDeleteAsync(name);
                    break;
                default:
                    await channel.BasicPublishAsync(action == "publish" ? name : "", action == "publish" ? "" : name, new byte[] { 1 });
                    // A refused publish closes the channel without an answer: the next call on it sees why.
                    await channel.BasicQosAsync(0, 1, false);
                    break;
            }
        });

        Assert.Equal((ushort)403, refused.ShutdownReason?.ReplyCode);
    }
}
