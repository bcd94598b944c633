using System.Net;
using System.Net.Sockets;
using Nfp.IntegrationTests.Fixtures;
using Nfp.Schema.Configurator;
using Nfp.Schema.Resources;
using static Nfp.IntegrationTests.Fixtures.RecordingVendorDriver;

namespace Nfp.IntegrationTests.Configurator;

/// <summary>
/// Health monitors with the configurator's default timing, probing a "device" that is a TCP listener on
/// a loopback address of its own: a monitor answers its call once the device answers; a forever monitor
/// then tells when the device stops answering (within 2 s) and when it answers again, until it is deleted.
/// </summary>
public sealed class HealthMonitorTests(ConfiguratorServer configurator) : IClassFixture<ConfiguratorServer>
{
    [Fact]
    public async Task An_initial_monitor_answers_its_call_only_once_the_device_answers()
    {
        var address = LoopbackAddress();
        var request = Monitor(address, "initial");

        Assert.Equal(HttpStatusCode.Accepted, (await configurator.CallAsync(ConfiguratorMethod.CreateNetworkServiceHealthmonitor, request)).StatusCode);
        await Task.Delay(1200);
        Assert.DoesNotContain(await configurator.DrainAsync(), n => n.Context.NsdId == request.Info.Context.NsdId);

        using var device = Listen(address);
        var answer = await configurator.NotificationAsync(request.Info.Context.NsdId, _ => true, TimeSpan.FromSeconds(5));
        Assert.Equal((NotificationType.NsdHealthmonitorConfigNotification, ConfiguratorMethod.CreateNetworkServiceHealthmonitor, ConfigResult.Success),
            (answer.Notification, answer.Method, answer.Result));
    }

    [Fact]
    public async Task A_forever_monitor_tells_a_dead_device_within_two_seconds_and_its_recovery_until_it_is_deleted()
    {
        var address = LoopbackAddress();
        var request = Monitor(address, "forever");
        var nsd = request.Info.Context.NsdId;
        var device = Listen(address);
        await configurator.CallAsync(ConfiguratorMethod.CreateNetworkServiceHealthmonitor, request);
        Assert.Equal(ConfigResult.Success, (await configurator.NotificationAsync(nsd, _ => true, TimeSpan.FromSeconds(5))).Result);

        device.Stop();
        var stoppedAt = DateTimeOffset.UtcNow;
        var down = await configurator.NotificationAsync(nsd, n => n.Health == NsdHealth.Unreachable, TimeSpan.FromSeconds(5));
        // Detected when the configurator made the notification (its clock is this process's): how soon a
        // puller then drains it is the pull's business, timed by the notification pull's own tests.
        var detected = down.CreatedAt - stoppedAt;
        Assert.True(detected < TimeSpan.FromSeconds(2),
            $"unreachable detected after {detected.TotalSeconds:0.00} s, drained after {(DateTimeOffset.UtcNow - stoppedAt).TotalSeconds:0.00} s");
        Assert.Equal((NotificationType.NsdHealthStatusNotification, request.Info.Context), (down.Notification, down.Context));

        device = Listen(address);
        await configurator.NotificationAsync(nsd, n => n.Health == NsdHealth.Reachable, TimeSpan.FromSeconds(5));

        await configurator.CallAsync(ConfiguratorMethod.DeleteNetworkServiceHealthmonitor, request);
        var deleted = await configurator.NotificationAsync(nsd, n => n.Method == ConfiguratorMethod.DeleteNetworkServiceHealthmonitor, TimeSpan.FromSeconds(5));
        Assert.Equal(ConfigResult.Success, deleted.Result);
        device.Stop();
        await Task.Delay(2500);
        Assert.DoesNotContain(await configurator.DrainAsync(), n => n.Context.NsdId == nsd);
    }

    [Fact]
    public async Task The_same_create_sent_again_is_answered_again()
    {
        var address = LoopbackAddress();
        var request = Monitor(address, "forever");
        using var device = Listen(address);
        await configurator.CallAsync(ConfiguratorMethod.CreateNetworkServiceHealthmonitor, request);
        await configurator.NotificationAsync(request.Info.Context.NsdId, n => n.Result == ConfigResult.Success, TimeSpan.FromSeconds(5));

        await configurator.CallAsync(ConfiguratorMethod.CreateNetworkServiceHealthmonitor, request);

        var again = await configurator.NotificationAsync(request.Info.Context.NsdId, n => n.Result == ConfigResult.Success, TimeSpan.FromSeconds(2));
        Assert.Equal(ConfiguratorMethod.CreateNetworkServiceHealthmonitor, again.Method);
        await configurator.CallAsync(ConfiguratorMethod.DeleteNetworkServiceHealthmonitor, request);
    }

    private static ConfigRequest Monitor(IPAddress address, string periodicity) =>
        ConfiguratorApiTests.Request(ServiceType.Loadbalancer,
            Resource(ConfigResourceKind.Healthmonitor, new { MgmtIpAddress = address.ToString(), Periodicity = periodicity }));

    /// <summary>An address of 127.0.0.0/8 of this test's own (all of it is the loopback interface on Linux).</summary>
    private static IPAddress LoopbackAddress() => new([127, 0, (byte)Random.Shared.Next(1, 255), (byte)Random.Shared.Next(2, 255)]);

    private TcpListener Listen(IPAddress address)
    {
        var listener = new TcpListener(address, configurator.ProbePort);
        listener.Start();
        return listener;
    }
}
