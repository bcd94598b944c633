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

    [Theory]
    [InlineData("100", "{\"a\":1}", 408)]
    [InlineData("41943040", "{\"a\":", 413)]
    public async Task A_body_that_never_ends_or_is_over_the_limit_is_a_4xx_problem_not_a_500(string length, string body, int status)
    {
        var (host, port) = (stack.ConfiguratorAddress.Split(':')[0], int.Parse(stack.ConfiguratorAddress.Split(':')[1], System.Globalization.CultureInfo.InvariantCulture));
        using var client = new System.Net.Sockets.TcpClient();
        await client.ConnectAsync(host, port);
        // As the proxy connects: TLS with its client certificate.
        await using var stream = new System.Net.Security.SslStream(client.GetStream());
        using var proxy = ConfiguratorCredentials.ProxyCertificate();
        await stream.AuthenticateAsClientAsync(new System.Net.Security.SslClientAuthenticationOptions
        {
            TargetHost = host,
            ClientCertificates = [proxy],
            RemoteCertificateValidationCallback = (_, presented, _, _) => Nfp.Hosting.PinnedCertificates.Matches(presented, ConfiguratorCredentials.ConfiguratorPin),
        });
        await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(
            $"POST /v1/nfp/create_nsd_config HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\nContent-Length: {length}\r\n\r\n{body}"));

        // The rest of the body never comes (the connection stays open): the server gives up on it.
        var buffer = new byte[4096];
        var read = await stream.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(15));
        var answer = System.Text.Encoding.ASCII.GetString(buffer, 0, read);

        Assert.StartsWith($"HTTP/1.1 {status} ", answer, StringComparison.Ordinal);
        Assert.Contains("application/problem+json", answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Over_the_network_a_caller_without_the_proxys_certificate_or_with_another_is_refused_401_and_healthz_answers_anyone()
    {
        using var other = Nfp.Hosting.PinnedCertificates.FromPem(Nfp.Hosting.PinnedCertificates.CreateSelfSignedPem("a-device"));
        using var anonymous = new HttpClient(ConfiguratorCredentials.Handler(null));
        using var impostor = new HttpClient(ConfiguratorCredentials.Handler(other));
        using var proxy = new HttpClient(ConfiguratorCredentials.Handler(ConfiguratorCredentials.ProxyCertificate()));
        Uri At(string path) => new($"https://{stack.ConfiguratorAddress}{path}");

        var statuses = new[]
        {
            (await anonymous.GetAsync(At("/v1/nfp/get_notifications"))).StatusCode,
            (await impostor.GetAsync(At("/v1/nfp/get_notifications"))).StatusCode,
            (await impostor.PostAsync(At("/v1/nfp/create_nsd_config"), new StringContent("{}", System.Text.Encoding.UTF8, "application/json"))).StatusCode,
            (await anonymous.GetAsync(At("/healthz"))).StatusCode,
            (await proxy.GetAsync(At("/v1/nfp/get_notifications"))).StatusCode,
        };

        Assert.Equal([System.Net.HttpStatusCode.Unauthorized, System.Net.HttpStatusCode.Unauthorized, System.Net.HttpStatusCode.Unauthorized,
            System.Net.HttpStatusCode.OK, System.Net.HttpStatusCode.OK], statuses);
    }

    [Fact]
    public async Task Its_secrets_are_files_in_no_docker_inspect_and_not_in_its_environment()
    {
        var inspected = await DockerCli.RunAsync("inspect", stack.ContainerName);
        var environment = await DockerCli.RunAsync("exec", stack.ContainerName, "cat", "/proc/1/environ");

        Assert.DoesNotContain(DeviceAgent.Secret, inspected, StringComparison.Ordinal);
        Assert.DoesNotContain(DeviceAgent.Secret, environment, StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE KEY", inspected, StringComparison.Ordinal);
        Assert.Equal(DeviceAgent.Secret, await DockerCli.RunAsync("exec", stack.ContainerName, "cat", "/run/secrets/VendorDrivers__haproxy__Settings__AgentSecret"));
    }
}
