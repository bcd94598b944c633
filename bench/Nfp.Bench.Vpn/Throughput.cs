using System.Globalization;
using System.Text.RegularExpressions;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace Nfp.Bench.Vpn;

/// <summary>
/// Throughput through the tunnel against the same path without it: the same two hosts, the same two floor
/// gateways and the same route between the sites — through the IPsec tunnel, or forwarded by static routes
/// over the public network with no connection in charon (<see cref="DirectVpn.UsePlainAsync"/>) — so that the
/// only difference is the tunnel. <see cref="Iperf"/> runs from host a to host b, the paths taking turns
/// (T P P T T P …); over the middle of each run (from 1 s after its start to 1 s before its end) the CPU of
/// both gateways' charon and of the machine is read (<see cref="CpuWindow"/>), and through the tunnel the
/// bytes gateway a's child SA sent, to show that the traffic went through it, and the ESP datagrams gateway
/// b's kernel dropped because charon's UDP socket was full (<c>RcvbufErrors</c> of its network namespace's
/// /proc/net/snmp, read through charon's /proc entry).
/// </summary>
internal sealed partial class Throughput(DockerClient docker, DirectVpn direct, Iperf iperf, int runs, int seconds)
{
    private sealed record Run(IperfResult Iperf, CpuUse Cpu, double? SaMbytes, long ReceiveDrops);

    /// <summary>Measures on <paramref name="gateways"/>, which pass traffic through the tunnel when called; prints the report.</summary>
    public async Task MeasureAsync(IReadOnlyList<DirectGateway> gateways, CancellationToken cancellationToken)
    {
        await iperf.StartServerAsync(cancellationToken);
        var charons = await Task.WhenAll(gateways.Select(async g => (Name: $"charon, gateway {g.Site.Name}", Pid: await CharonAsync(g, cancellationToken))));
        var (tunnel, plain) = (new List<Run>(), new List<Run>());
        var onTunnel = true;
        for (var i = 0; i < runs; i++)
        {
            for (var turn = 0; turn < 2; turn++)
            {
                var throughTunnel = (turn == 0) == (i % 2 == 0);
                if (throughTunnel != onTunnel)
                {
                    await (throughTunnel ? direct.UseTunnelAsync(gateways, cancellationToken) : direct.UsePlainAsync(gateways, cancellationToken));
                    onTunnel = throughTunnel;
                }
                var sent = throughTunnel ? await SaBytesAsync(gateways[0], cancellationToken) : 0;
                var dropped = ReceiveBufferErrors(charons[1].Pid);
                var (result, cpu) = await RunAsync(charons, cancellationToken);
                var saMbytes = throughTunnel ? (await SaBytesAsync(gateways[0], cancellationToken) - sent) / 1e6 : (double?)null;
                (throughTunnel ? tunnel : plain).Add(new Run(result, cpu, saMbytes, ReceiveBufferErrors(charons[1].Pid) - dropped));
                Console.Error.WriteLine($"iperf3 {(throughTunnel ? "through the tunnel" : "without it")}: {result.Mbits:0} Mbit/s");
            }
        }
        Print(tunnel, plain);
    }

    /// <summary>One iperf3 run, the CPU read over its middle.</summary>
    private async Task<(IperfResult Result, CpuUse Cpu)> RunAsync(IReadOnlyList<(string Name, int Pid)> watched, CancellationToken cancellationToken)
    {
        var run = iperf.RunAsync(seconds, cancellationToken);
        await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        var window = CpuWindow.Open(watched);
        await Task.Delay(TimeSpan.FromSeconds(seconds - 2), cancellationToken);
        var cpu = window.Close();
        return (await run, cpu);
    }

    /// <summary>The process id, on this machine, of charon in the gateway's container (<c>docker top</c>).</summary>
    private async Task<int> CharonAsync(DirectGateway gateway, CancellationToken cancellationToken)
    {
        var top = await docker.Containers.ListProcessesAsync(gateway.Id, new ContainerListProcessesParameters { PsArgs = "-eo pid,comm" }, cancellationToken);
        var row = top.Processes.FirstOrDefault(p => p.Count == 2 && p[1] == "charon-systemd")
            ?? throw new BenchException($"No charon runs in gateway {gateway.Site.Name}.");
        return int.Parse(row[0], CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// UDP datagrams the kernel dropped so far in <paramref name="pid"/>'s network namespace because the socket
    /// they were for was full (/proc/PID/net/snmp, the Udp line's RcvbufErrors).
    /// </summary>
    private static long ReceiveBufferErrors(int pid)
    {
        var lines = File.ReadLines($"/proc/{pid}/net/snmp").Where(l => l.StartsWith("Udp: ", StringComparison.Ordinal)).ToList();
        var column = Array.IndexOf(lines[0].Split(' '), "RcvbufErrors");
        return long.Parse(lines[1].Split(' ')[column], CultureInfo.InvariantCulture);
    }

    /// <summary>The bytes the gateway's child SAs have sent (<c>swanctl --list-sas</c>, their "out" lines).</summary>
    private static async Task<long> SaBytesAsync(DirectGateway gateway, CancellationToken cancellationToken)
    {
        var (_, output) = await ContainerExec.RunAsync(gateway.Id, ["swanctl", "--list-sas"], cancellationToken);
        return SaOut().Matches(output).Sum(m => long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));
    }

    private void Print(List<Run> tunnel, List<Run> plain)
    {
        var ratio = Stats.Median(tunnel.Select(r => r.Iperf.Mbits)) / Stats.Median(plain.Select(r => r.Iperf.Mbits));
        Console.WriteLine();
        Console.WriteLine($"### Throughput, host a → host b, iperf3 -t {seconds} (TCP, one stream), {runs} runs per path (Mbit/s)");
        Console.WriteLine();
        Console.WriteLine("| path | runs | median | retransmits (median) | iperf3 CPU, sender / receiver (median, % of a core) |");
        Console.WriteLine("| --- | --- | ---: | ---: | --- |");
        foreach (var (name, these) in new[] { ("through the tunnel", tunnel), ("without it (static routes)", plain) })
        {
            Console.WriteLine($"| {name} | {string.Join(", ", these.Select(r => r.Iperf.Mbits.ToString("0", CultureInfo.InvariantCulture)))} " +
                              $"| {Stats.Median(these.Select(r => r.Iperf.Mbits)):0} | {Stats.Median(these.Select(r => (double)r.Iperf.Retransmits)):0} " +
                              $"| {Stats.Median(these.Select(r => r.Iperf.ClientCpu)):0} / {Stats.Median(these.Select(r => r.Iperf.ServerCpu)):0} |");
        }
        Console.WriteLine();
        Console.WriteLine($"ratio of medians, through the tunnel / without it: {ratio:0.000}");
        Console.WriteLine($"gateway a's child SA sent {Stats.Median(tunnel.Select(r => r.SaMbytes ?? 0)):0} MB per tunnel run (median): the runs' traffic went through it");
        Console.WriteLine($"ESP datagrams gateway b dropped, charon's UDP socket full (RcvbufErrors), per run (median): through the tunnel " +
                          $"{Stats.Median(tunnel.Select(r => (double)r.ReceiveDrops)):0}, without it {Stats.Median(plain.Select(r => (double)r.ReceiveDrops)):0}");
        Console.WriteLine();
        Console.WriteLine($"#### Where the time goes: CPU over the middle {seconds - 2} s of each run (median over the runs; a process as % of one core, the machine as % of its {tunnel[0].Cpu.Cores} cores)");
        Console.WriteLine();
        Console.WriteLine("| path | " + string.Join(" | ", tunnel[0].Cpu.Processes.Select(p => $"{p.Name}: user + system (busiest thread)")) +
                          " | machine: user / system / softirq / idle |");
        Console.WriteLine("| --- |" + string.Concat(tunnel[0].Cpu.Processes.Select(_ => " --- |")) + " --- |");
        foreach (var (name, these) in new[] { ("through the tunnel", tunnel), ("without it", plain) })
        {
            var processes = these[0].Cpu.Processes.Select((_, i) =>
                $"{Median(these, c => c.Processes[i].User):0} + {Median(these, c => c.Processes[i].System):0} = {Median(these, c => c.Processes[i].Total):0} " +
                $"({Median(these, c => c.Processes[i].BusiestThread):0})");
            Console.WriteLine($"| {name} | {string.Join(" | ", processes)} | {Median(these, c => c.User):0} / {Median(these, c => c.System):0} / " +
                              $"{Median(these, c => c.Softirq):0} / {Median(these, c => c.Idle):0} |");
        }
    }

    private static double Median(List<Run> runs, Func<CpuUse, double> value) => Stats.Median(runs.Select(r => value(r.Cpu)));

    /// <summary>A child SA's outbound line: "out c7a8d2f1,   252 bytes,   3 packets, …".</summary>
    [GeneratedRegex(@"^\s*out\s+[0-9a-f]+(?:_i)?,\s+(\d+) bytes", RegexOptions.Multiline)]
    private static partial Regex SaOut();
}
