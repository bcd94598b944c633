using System.Globalization;
using System.Text.RegularExpressions;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace Nfp.Bench.Vpn;

/// <summary>
/// The sites' hosts: one nfp/iperf3 container per site at its host address (Docker directly, as a tenant's
/// servers would be; NET_ADMIN for its route; labelled for the stack's clean-up), each with a route to the
/// other site through its own gateway, as deploy/demo-vpn.sh sets them up. They stay for the whole run:
/// both paths' gateways take the same addresses.
/// </summary>
internal sealed partial class SiteHosts(DockerClient docker, VpnSites sites, string runId)
{
    public const string Image = "nfp/iperf3:latest";

    /// <summary>How long a ping waits for the tunnel (or the plain route) to pass traffic.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    public string NameOf(Site site) => $"{runId}.host-{site.Name}";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var site in sites.Both)
        {
            var created = await docker.Containers.CreateContainerAsync(new CreateContainerParameters
            {
                Name = NameOf(site),
                Hostname = $"host-{site.Name}",
                Image = Image,
                Labels = new Dictionary<string, string> { [BenchStack.RunLabel] = runId },
                HostConfig = new HostConfig { NetworkMode = site.Network.Name, CapAdd = ["NET_ADMIN"] },
                NetworkingConfig = new NetworkingConfig
                {
                    EndpointsConfig = new Dictionary<string, EndpointSettings> { [site.Network.Name] = BenchDocker.At(site.Host) },
                },
            }, cancellationToken);
            await docker.Containers.StartContainerAsync(created.ID, new ContainerStartParameters(), cancellationToken);
            await RunAsync(site, ["ip", "route", "replace", sites.PeerOf(site).Network.Cidr, "via", site.GatewaySite], check: true, cancellationToken);
        }
    }

    /// <summary>
    /// When host a first had an answer from host b by its private address (Unix ms, the kernel's clock):
    /// one ping every 50 ms until the first answer (<c>ping -c 1 -w SECONDS -i 0.05 -D</c>), so the time is known
    /// to about 50 ms. Started before the work it waits for, it sees the first packet that passes. With a
    /// deadline, ping ends at its first error — the host's own "Destination Host Unreachable" when its
    /// gateway has not answered ARP for 3 s, as on a slow create — so it is started again until the 90 s are up.
    /// </summary>
    /// <exception cref="BenchException">No answer within 90 s.</exception>
    public async Task<double> FirstAnswerAsync(CancellationToken cancellationToken)
    {
        var (exitCode, output) = await ContainerExec.RunAsync(NameOf(sites.A), ["sh", "-c",
            $"end=$(($(date +%s) + {Patience.TotalSeconds.ToString(CultureInfo.InvariantCulture)})); while [ $(date +%s) -lt $end ]; do " +
            $"ping -c 1 -w $((end - $(date +%s))) -i 0.05 -n -D {sites.B.Host} && exit 0; sleep 0.05; done; exit 1"], cancellationToken);
        var answer = AnswerLine().Match(output);
        return exitCode == 0 && answer.Success
            ? double.Parse(answer.Groups[1].Value, CultureInfo.InvariantCulture) * 1000
            : throw new BenchException($"host {sites.A.Host} had no answer from {sites.B.Host} within {Patience.TotalSeconds:0} s " +
                                       $"(ping exited with {exitCode}: {output.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault()}).");
    }

    /// <summary>Whether any of two pings from host a to host b is answered (1 s each): after the tunnel and the route are gone, none must be.</summary>
    public async Task<bool> PassesAsync(CancellationToken cancellationToken) =>
        (await RunAsync(sites.A, ["ping", "-c", "2", "-W", "1", "-n", sites.B.Host], check: false, cancellationToken)).ExitCode == 0;

    /// <summary>Runs <paramref name="command"/> in <paramref name="site"/>'s host; with <paramref name="check"/>, a non-zero exit is a failure.</summary>
    public async Task<(int ExitCode, string Output)> RunAsync(Site site, string[] command, bool check, CancellationToken cancellationToken)
    {
        var result = await ContainerExec.RunAsync(NameOf(site), command, cancellationToken);
        return !check || result.ExitCode == 0 ? result
            : throw new BenchException($"'{string.Join(' ', command)}' in host {site.Name} exited with {result.ExitCode}: {result.Output}");
    }

    /// <summary>ping -D's answer line: "[1733580000.123456] 64 bytes from 10.203.2.10: icmp_seq=…".</summary>
    [GeneratedRegex(@"^\[(\d+\.\d+)\] \d+ bytes from", RegexOptions.Multiline)]
    private static partial Regex AnswerLine();
}
