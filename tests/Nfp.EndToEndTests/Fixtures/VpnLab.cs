using System.Diagnostics;
using Nfp.IntegrationTests.Fixtures;

namespace Nfp.EndToEndTests.Fixtures;

/// <summary>
/// Three sites joined over a "public" network by real VPN devices (nfp/strongswan-vpn), made with the docker
/// CLI: gateway A, B and C each between the public network and its site's network, where a host (nfp/base)
/// routes the other sites through its gateway. The configurator under test reaches the gateways' agents on
/// the management network; a test gives each gateway the site connections it needs.
/// </summary>
public sealed class VpnLab : IAsyncLifetime
{
    private readonly LabDocker _docker = new();

    public VendorConfigurator Configurator { get; } = new();

    public (string Cidr, string Name) Mgmt { get; private set; }

    public (string Cidr, string Name) Public { get; private set; }

    public IReadOnlyList<Site> Sites { get; private set; } = [];

    public Site A => Sites[0];

    public Site B => Sites[1];

    public Site C => Sites[2];

    public async Task InitializeAsync()
    {
        await Configurator.InitializeAsync();
        Mgmt = await _docker.NetworkAsync("mgmt");
        Public = await _docker.NetworkAsync("public");
        var sites = new List<Site>();
        foreach (var (name, i) in new[] { ("a", 0), ("b", 1), ("c", 2) })
        {
            var network = await _docker.NetworkAsync($"site{name}");
            var gateway = await _docker.DeviceAsync($"vpn{name}", "nfp/strongswan-vpn:latest", Mgmt, 2 + i, (Public, 2 + i), (network, 2));
            var host = new ConsumerContainer($"{_docker.Prefix}-host{name}");
            await _docker.RunAsync(host.Name, network, TestSubnets.Host(network.Cidr, 10), ["--cap-add", "NET_ADMIN"], "nfp/base:latest");
            sites.Add(new Site(name, network.Cidr, gateway, TestSubnets.Host(Public.Cidr, 2 + i), host, TestSubnets.Host(network.Cidr, 10)));
        }
        Sites = sites;
        foreach (var site in Sites)
        {
            foreach (var other in Sites.Where(s => s != site))
            {
                await site.Host.RunAsync("ip", "route", "add", other.Cidr, "via", TestSubnets.Host(site.Cidr, 2));
            }
        }
        await Eventually.HoldsAsync(async () => (await Task.WhenAll(Sites.Select(s => s.Gateway.IsHealthyAsync()))).All(healthy => healthy),
            TimeSpan.FromSeconds(30), "the three gateways' agents answering healthy");
    }

    /// <summary>
    /// tcpdump on the public network's bridge, from now until the capture is disposed: the lines it printed for
    /// packets between the gateways (ESP in UDP) and for ICMP anywhere on that network.
    /// </summary>
    public async Task<PublicCapture> CaptureAsync()
    {
        var bridge = "br-" + (await DockerCli.RunAsync("network", "inspect", "-f", "{{.Id}}", Public.Name)).Trim()[..12];
        return PublicCapture.Start(bridge);
    }

    public async Task DisposeAsync()
    {
        await _docker.RemoveAsync();
        await Configurator.DisposeAsync();
    }
}

/// <summary>A site: its network, its gateway (with its address on the public network), and a host on it.</summary>
public sealed record Site(string Name, string Cidr, Device Gateway, string PublicAddress, ConsumerContainer Host, string HostAddress);

/// <summary>A running tcpdump; <see cref="StopAsync"/> ends it and gives what it printed, a line a packet.</summary>
public sealed class PublicCapture : IAsyncDisposable
{
    private readonly Process _tcpdump;
    private readonly List<string> _lines = [];
    private bool _stopped;

    private PublicCapture(Process tcpdump) => _tcpdump = tcpdump;

    public static PublicCapture Start(string bridge)
    {
        var tcpdump = Process.Start(new ProcessStartInfo("tcpdump", ["-l", "-nn", "-i", bridge, "udp port 4500 or icmp"])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        })!;
        var capture = new PublicCapture(tcpdump);
        tcpdump.OutputDataReceived += (_, line) =>
        {
            if (line.Data is { } data)
            {
                lock (capture._lines)
                {
                    capture._lines.Add(data);
                }
            }
        };
        tcpdump.BeginOutputReadLine();
        tcpdump.BeginErrorReadLine();
        return capture;
    }

    public async Task<IReadOnlyList<string>> StopAsync()
    {
        // tcpdump prints what it captured as it goes (-l); a moment for the last lines, then it is stopped.
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        await DisposeAsync();
        lock (_lines)
        {
            return [.. _lines];
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_stopped)
        {
            return;
        }
        _stopped = true;
        if (!_tcpdump.HasExited)
        {
            _tcpdump.Kill();
            await _tcpdump.WaitForExitAsync();
        }
        _tcpdump.Dispose();
    }
}
