using System.Net.Http.Headers;
using Nfp.IntegrationTests.Fixtures;

namespace Nfp.EndToEndTests.Fixtures;

/// <summary>
/// Real devices wired as a chain, made with the docker CLI (the manager is not in this picture): a
/// management network with a firewall (nfp/iptables-fw) and a load balancer (nfp/haproxy) on it; the
/// consumer network (a consumer container) → the firewall → the transit network, where the load
/// balancer's VIP is → the load balancer → the provider network with three web backends (nfp/web,
/// answering with their names) and an echo backend. The consumer reaches the transit network through
/// the firewall; the load balancer's way back is the routes resource a test applies. The configurator
/// under test reaches the devices' agents on the management network, from this machine.
/// </summary>
public sealed class DeviceLab : IAsyncLifetime
{
    public const int EchoPort = 9000;

    private readonly LabDocker _docker = new();

    public VendorConfigurator Configurator { get; } = new();

    public (string Cidr, string Name) Mgmt { get; private set; }

    public (string Cidr, string Name) Consumer { get; private set; }

    public (string Cidr, string Name) Transit { get; private set; }

    public (string Cidr, string Name) Provider { get; private set; }

    public Device Firewall { get; private set; } = null!;

    public Device LoadBalancer { get; private set; } = null!;

    /// <summary>The load balancer's listener address, on the transit network.</summary>
    public string Vip => TestSubnets.Host(Transit.Cidr, 10);

    /// <summary>The firewall's address on the transit network: the load balancer's next hop back to the consumers.</summary>
    public string FirewallTransitAddress => TestSubnets.Host(Transit.Cidr, 2);

    public IReadOnlyList<(string Name, string Address)> Webs { get; private set; } = [];

    public string EchoAddress => TestSubnets.Host(Provider.Cidr, 20);

    public ConsumerContainer ConsumerContainer => new($"{_docker.Prefix}-consumer");

    public string EchoContainer => $"{_docker.Prefix}-echo";

    public async Task InitializeAsync()
    {
        await Configurator.InitializeAsync();
        Mgmt = await NetworkAsync("mgmt");
        Consumer = await NetworkAsync("consumer");
        Transit = await NetworkAsync("transit");
        Provider = await NetworkAsync("provider");
        Firewall = await DeviceAsync("fw", "nfp/iptables-fw:latest", (Consumer, 2), (Transit, 2));
        LoadBalancer = await DeviceAsync("lb", "nfp/haproxy:latest", (Transit, 10), (Provider, 2));
        var webs = new List<(string, string)>();
        for (var i = 1; i <= 3; i++)
        {
            var name = $"{_docker.Prefix}-web{i}";
            await RunAsync(name, Provider, TestSubnets.Host(Provider.Cidr, 10 + i), ["--hostname", name], "nfp/web:latest");
            webs.Add((name, TestSubnets.Host(Provider.Cidr, 10 + i)));
        }
        Webs = webs;
        // Prints every line a connection brings, for docker logs; -k: the next connection after it.
        await RunAsync(EchoContainer, Provider, EchoAddress, [], "nfp/base:latest", "nc", "-lk", "-p", $"{EchoPort}");
        await RunAsync(ConsumerContainer.Name, Consumer, TestSubnets.Host(Consumer.Cidr, 10), ["--cap-add", "NET_ADMIN"], "nfp/base:latest");
        await ConsumerContainer.RunAsync("ip", "route", "add", Transit.Cidr, "via", TestSubnets.Host(Consumer.Cidr, 2));
        await Eventually.HoldsAsync(async () => await Firewall.IsHealthyAsync() && await LoadBalancer.IsHealthyAsync(),
            TimeSpan.FromSeconds(30), "both devices' agents answering healthy");
    }

    private Task<(string Cidr, string Name)> NetworkAsync(string role) => _docker.NetworkAsync(role);

    /// <summary>The address an active-standby pair of load balancers (<see cref="PairAsync"/>) holds on the transit network: neither device's own.</summary>
    public string PairVip => TestSubnets.Host(Transit.Cidr, 30);

    /// <summary>
    /// Two more load balancers (nfp/haproxy), new ones each call, for an active-standby pair: management
    /// hosts <paramref name="first"/> and the next, the same hosts on the transit and provider networks.
    /// </summary>
    public async Task<(Device A, Device B)> PairAsync(int first) =>
        (await DeviceAsync($"lb{first}", "nfp/haproxy:latest", first, (Transit, first), (Provider, first)),
         await DeviceAsync($"lb{first + 1}", "nfp/haproxy:latest", first + 1, (Transit, first + 1), (Provider, first + 1)));

    /// <summary>A device of the agent alone (nfp/agent), with an id of its own, at host <paramref name="host"/> of the management network.</summary>
    public Task<Device> AgentAsync(int host) =>
        DeviceAsync($"agent{Guid.NewGuid():N}"[..13], "nfp/agent:latest", host);

    private Task<Device> DeviceAsync(string role, string image, params ((string Cidr, string Name) Network, int Host)[] data) =>
        DeviceAsync(role, image, role == "fw" ? 2 : 3, data);

    private Task<Device> DeviceAsync(string role, string image, int mgmtHost, params ((string Cidr, string Name) Network, int Host)[] data) =>
        _docker.DeviceAsync(role, image, Mgmt, mgmtHost, data);

    private Task RunAsync(string name, (string Cidr, string Name) network, string address, string[] options, string image, params string[] command) =>
        _docker.RunAsync(name, network, address, options, image, command);

    public async Task DisposeAsync()
    {
        await _docker.RemoveAsync();
        await Configurator.DisposeAsync();
    }
}

/// <summary>A device container and its agent on the management network; <see cref="NsdId"/> names it to the configurator.</summary>
public sealed record Device(string Container, string MgmtIpAddress)
{
    public Guid NsdId { get; } = Guid.NewGuid();

    /// <summary>The device's data interfaces as Docker plugged them: (network, MAC, address) of each but the management one.</summary>
    public async Task<IReadOnlyList<(string Network, string Mac, string Address)>> DataInterfacesAsync(string mgmtNetwork) =>
        (await DockerCli.RunAsync("inspect", "-f", "{{range $name, $n := .NetworkSettings.Networks}}{{$name}} {{$n.MacAddress}} {{$n.IPAddress}}\n{{end}}", Container))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split(' ')).Where(f => f[0] != mgmtNetwork).Select(f => (f[0], f[1], f[2])).ToList();

    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };

    /// <summary>A GET of the agent's <paramref name="path"/>, as the device's own user.</summary>
    private HttpRequestMessage Get(string path) => new(HttpMethod.Get, new Uri($"http://{MgmtIpAddress}:8480/cgi-bin/{path}"))
    {
        Headers = { Authorization = new AuthenticationHeaderValue("Basic", Nfp.Schema.Drivers.DeviceCredentials.BasicParameter(DeviceAgent.Secret, NsdId)) },
    };

    /// <summary>A part of the device's running config as the device reports it (the agent's GET /cgi-bin/config?PART).</summary>
    public async Task<string> RunningConfigAsync(string part)
    {
        using var request = Get($"config?{part}");
        using var response = await Http.SendAsync(request);
        return await response.EnsureSuccessStatusCode().Content.ReadAsStringAsync();
    }

    public async Task<bool> IsHealthyAsync() => (await HealthAsync()).Status == 200;

    /// <summary>The agent's health answer (GET /cgi-bin/health): its status and body; 0 and the error when it did not answer.</summary>
    public async Task<(int Status, string Body)> HealthAsync()
    {
        try
        {
            using var request = Get("health");
            using var response = await Http.SendAsync(request);
            return ((int)response.StatusCode, (await response.Content.ReadAsStringAsync()).Trim());
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return (0, e.Message);
        }
    }
}
