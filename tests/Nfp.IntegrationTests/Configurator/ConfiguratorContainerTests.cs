using Nfp.IntegrationTests.Fixtures;
using Nfp.Schema.Configurator;
using Nfp.Schema.Resources;
using static Nfp.IntegrationTests.Fixtures.RecordingVendorDriver;

namespace Nfp.IntegrationTests.Configurator;

/// <summary>
/// The configurator as it runs in the tenant domain — its image, a container on a network of its own —
/// reached the manager's way: RabbitMQ, the agent, the proxy's Unix socket, TCP to the container.
/// </summary>
public sealed class ConfiguratorContainerTests(ConfiguratorContainerStack stack) : IClassFixture<ConfiguratorContainerStack>
{
    [Fact]
    public async Task The_configurator_in_its_container_answers_pulls_and_refuses_a_vendor_it_has_no_driver_for()
    {
        Assert.Empty(await stack.PullAsync());

        var call = new ConfiguratorCall(ConfiguratorMethod.CreateNsdConfig, ConfiguratorApiTests.Request(ServiceType.Loadbalancer,
            Resource(ConfigResourceKind.Interfaces, new { MgmtIpAddress = "10.4.0.5" })));
        await stack.SendAsync(call);

        var failure = await stack.SentAboutAsync(call.Request.Info.Context.NsdId);
        Assert.Equal(ConfigResult.Failure, failure.Result);
        Assert.Contains("info.service_vendor", failure.Reason);
    }
}
