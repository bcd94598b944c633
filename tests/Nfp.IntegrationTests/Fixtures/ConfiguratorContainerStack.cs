namespace Nfp.IntegrationTests.Fixtures;

/// <summary>
/// The configurator's path with the configurator in its container (image <c>nfp/configurator</c>, built by
/// deploy/images/build.sh) on a Docker network of its own, as on a tenant's service management network:
/// the proxy reaches it at its container address, port 8070, with the image's vendor drivers (haproxy,
/// iptables) and its secrets (the run's <see cref="DeviceAgent.Secret"/>, its certificate, the proxy's pin)
/// copied into its /run/secrets before it starts, as popd does.
/// </summary>
public sealed class ConfiguratorContainerStack : ConfiguratorProxyStack
{
    private readonly string _name = $"nfp-test-{Guid.NewGuid():N}"[..22];

    /// <summary>The configurator's Docker container.</summary>
    public string ContainerName => _name;

    public override async Task<string> StartConfiguratorAsync()
    {
        if ((await DockerCli.TryRunAsync("network", "inspect", _name)).ExitCode != 0)
        {
            await DockerCli.RunAsync("network", "create", "--subnet", TestSubnets.Next().Ipv4, "--label", "nfp.test=1", _name);
        }
        await DockerCli.RunAsync("create", "--name", _name, "--network", _name, "--label", "nfp.test=1", "nfp/configurator:latest");
        await DockerCli.RunAsync("cp", ConfiguratorCredentials.ContainerSecretsFolder, $"{_name}:/run/secrets");
        await DockerCli.RunAsync("start", _name);
        var address = (await DockerCli.RunAsync("inspect", "-f", "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}", _name)).Trim();
        await WaitUntilUpAsync($"{address}:8070");
        return $"{address}:8070";
    }

    /// <summary>Until the configurator at <paramref name="hostPort"/> answers its health check (30 s at most), which needs no client certificate.</summary>
    public static async Task WaitUntilUpAsync(string hostPort)
    {
        using var http = new HttpClient(ConfiguratorCredentials.Handler(null)) { Timeout = TimeSpan.FromSeconds(2) };
        await Eventually.HoldsAsync(async () =>
        {
            try
            {
                return (await http.GetAsync(new Uri($"https://{hostPort}/healthz"))).IsSuccessStatusCode;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(30), "the configurator container's /healthz");
    }

    public override async Task StopConfiguratorAsync() => await DockerCli.RunAsync("rm", "-f", _name);

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await DockerCli.TryRunAsync("rm", "-f", _name);
        await DockerCli.TryRunAsync("network", "rm", _name);
    }
}
