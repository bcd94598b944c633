using System.Diagnostics;
using Nfp.IntegrationTests.Fixtures;
using Nfp.Schema.Configurator;
using Nfp.Schema.Resources;
using static Nfp.IntegrationTests.Fixtures.RecordingVendorDriver;

namespace Nfp.IntegrationTests.Configurator;

/// <summary>
/// A configurator call the way the manager makes it: a message on RabbitMQ to the agent, REST over the
/// proxy's Unix socket, TCP to the configurator; and its answer pulled back through the agent.
/// </summary>
public sealed class ConfiguratorProxyTests(ConfiguratorProxyStack stack) : IClassFixture<ConfiguratorProxyStack>
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task A_call_reaches_the_configurator_through_agent_socket_and_proxy_and_its_answer_is_pulled_back()
    {
        var call = new ConfiguratorCall(ConfiguratorMethod.CreateNsdConfig, ConfiguratorApiTests.Request(ServiceType.Loadbalancer,
            Resource(ConfigResourceKind.Interfaces, new { MgmtIpAddress = "10.3.0.5" })));

        await stack.SendAsync(call);

        var answer = await PulledAsync(call.Request.Info.Context.NsdId);
        Assert.Equal((ConfiguratorMethod.CreateNsdConfig, ConfigResult.Success, call.Request.Info.Context), (answer.Method, answer.Result, answer.Context));
        Assert.Equal("10.3.0.5", Assert.Single(AppliedTo(call.Request.Info.Context.NsdId)).MgmtIpAddress);
    }

    [Fact]
    public async Task A_pull_through_the_agent_waits_as_it_asks_and_brings_the_answer_made_meanwhile()
    {
        await stack.PullAsync();
        var idle = Stopwatch.StartNew();
        Assert.Empty(await stack.PullAsync(waitMilliseconds: 800));
        Assert.True(idle.Elapsed >= TimeSpan.FromMilliseconds(780), $"an empty pull came back after {idle.Elapsed}, before its 800 ms wait");

        var pull = stack.PullAsync(waitMilliseconds: 3000);
        await Task.Delay(TimeSpan.FromMilliseconds(300));
        var call = new ConfiguratorCall(ConfiguratorMethod.CreateNsdConfig, ConfiguratorApiTests.Request(ServiceType.Loadbalancer,
            Resource(ConfigResourceKind.Interfaces, new { MgmtIpAddress = "10.3.0.8" })));
        await stack.SendAsync(call);

        Assert.Equal(call.Request.Info.Context, Assert.Single(await pull).Context);
    }

    [Fact]
    public async Task An_acknowledging_pull_through_the_agent_is_answered_until_a_pull_acknowledges_what_it_brought()
    {
        await stack.PullAsync();
        var call = new ConfiguratorCall(ConfiguratorMethod.CreateNsdConfig, ConfiguratorApiTests.Request(ServiceType.Loadbalancer,
            Resource(ConfigResourceKind.Interfaces, new { MgmtIpAddress = "10.3.0.9" })));
        var context = call.Request.Info.Context;
        await stack.SendAsync(call);

        NotificationList? first = null;
        await Eventually.HoldsAsync(async () => (first = await stack.PullAsync(new GetNotifications(Acknowledged: 0))).Notifications.Any(n => n.Context == context),
            Soon, "the answer pulled");
        var again = await stack.PullAsync(new GetNotifications(Acknowledged: 0, ConfiguratorInstance: first!.ConfiguratorInstance));
        var acknowledged = await stack.PullAsync(new GetNotifications(Acknowledged: first.Last, ConfiguratorInstance: first.ConfiguratorInstance));

        Assert.Contains(again.Notifications, n => n.Context == context);
        Assert.NotEqual(Guid.Empty, first.ConfiguratorInstance);
        Assert.DoesNotContain(acknowledged.Notifications, n => n.Context == context);
        Assert.Equal((first.ConfiguratorInstance, first.Last), (acknowledged.ConfiguratorInstance, acknowledged.Last));
    }

    [Fact]
    public async Task A_call_the_configurator_refuses_is_answered_by_the_agent_with_a_failure_naming_the_field()
    {
        var call = new ConfiguratorCall(ConfiguratorMethod.CreateNetworkServiceConfig, ConfiguratorApiTests.Request(ServiceType.Loadbalancer,
            Resource(ConfigResourceKind.Loadbalancer, new { MgmtIpAddress = "10.3.0.6", Members = new[] { new { Address = "10.3.1.1", Port = 70000 } } })));

        await stack.SendAsync(call);

        var failure = await stack.SentAboutAsync(call.Request.Info.Context.NsdId);
        Assert.Equal((ConfiguratorMethod.CreateNetworkServiceConfig, ConfigResult.Failure), (failure.Method, failure.Result));
        Assert.Contains("config[0].resource_data.members[0].port", failure.Reason);
        Assert.Empty(AppliedTo(call.Request.Info.Context.NsdId));
    }

    [Fact]
    public async Task A_call_sent_while_the_configurator_is_down_is_lost_and_the_same_call_sent_again_after_it_restarted_is_carried_out()
    {
        var call = new ConfiguratorCall(ConfiguratorMethod.CreateNsdConfig, ConfiguratorApiTests.Request(ServiceType.Firewall,
            Resource(ConfigResourceKind.Routes, new { MgmtIpAddress = "10.3.0.7" })));
        await stack.StopConfiguratorAsync();
        try
        {
            await stack.SendAsync(call);
            await Task.Delay(1500);
            Assert.Empty(AppliedTo(call.Request.Info.Context.NsdId));
            Assert.DoesNotContain(stack.Sent, n => n.Context.NsdId == call.Request.Info.Context.NsdId);
        }
        finally
        {
            await stack.StartConfiguratorAsync();
        }

        await stack.SendAsync(call);

        Assert.Equal(ConfigResult.Success, (await PulledAsync(call.Request.Info.Context.NsdId)).Result);
    }

    private async Task<ConfiguratorNotification> PulledAsync(Guid nsdId)
    {
        ConfiguratorNotification? found = null;
        await Eventually.HoldsAsync(async () =>
            (found ??= (await stack.PullAsync()).FirstOrDefault(n => n.Context.NsdId == nsdId)) is not null, Soon, $"a notification about {nsdId}");
        return found!;
    }
}
