using System.Globalization;
using System.Text.Json;

namespace Nfp.Bench.Vpn;

/// <summary>
/// One iperf3 run from host a to host b by its private address: TCP, one stream, iperf3's defaults; what
/// host b received (bits/s), the sender's retransmits, and the CPU each iperf3 process says it used (% of
/// one core, over the run).
/// </summary>
internal sealed record IperfResult(double BitsPerSecond, long Retransmits, double ClientCpu, double ServerCpu)
{
    public double Mbits => BitsPerSecond / 1e6;
}

/// <summary>iperf3 (Debian's, in the nfp/iperf3 hosts): a server on host b for the whole part, a client on host a per run.</summary>
internal sealed class Iperf(SiteHosts hosts, VpnSites sites)
{
    /// <summary>Starts <c>iperf3 -s</c> on host b, in the background (<c>-D</c>), where it stays until the host is removed.</summary>
    public Task StartServerAsync(CancellationToken cancellationToken) =>
        hosts.RunAsync(sites.B, ["iperf3", "-s", "-D"], check: true, cancellationToken);

    /// <summary>One run of <paramref name="seconds"/> s (<c>iperf3 -c HOST_B -t SECONDS -J</c>).</summary>
    public async Task<IperfResult> RunAsync(int seconds, CancellationToken cancellationToken)
    {
        var (_, output) = await hosts.RunAsync(sites.A,
            ["iperf3", "-c", sites.B.Host, "-t", seconds.ToString(CultureInfo.InvariantCulture), "-J"], check: true, cancellationToken);
        using var report = JsonDocument.Parse(output);
        var end = report.RootElement.GetProperty("end");
        var cpu = end.GetProperty("cpu_utilization_percent");
        return new IperfResult(end.GetProperty("sum_received").GetProperty("bits_per_second").GetDouble(),
            end.GetProperty("sum_sent").TryGetProperty("retransmits", out var retransmits) ? retransmits.GetInt64() : 0,
            cpu.GetProperty("host_total").GetDouble(), cpu.GetProperty("remote_total").GetDouble());
    }
}
