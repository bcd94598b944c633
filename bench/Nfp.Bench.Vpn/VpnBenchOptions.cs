namespace Nfp.Bench.Vpn;

/// <summary>The bench's command line.</summary>
internal sealed record VpnBenchOptions(
    string ManagerPath, string PopdPath, string DriverPath, string ProxyPath, int Rounds, int Warmup, int PollMilliseconds, int Workers,
    int IperfRuns, int IperfSeconds)
{
    public const string Usage = """
        usage: nfp-bench-vpn --manager DIR --popd DIR --driver DIR --proxy DIR [--rounds N] [--warmup N] [--poll-ms N] [--workers N]
                             [--iperf-runs N] [--iperf-seconds N]
          --manager        the published Network Service Manager (dotnet publish NetworkServiceManager/Nfp.NetworkServiceManager -c Release -o DIR)
          --popd           the published popd (dotnet publish Drivers/Nfp.Popd -c Release -o DIR)
          --driver         the published Pop lifecycle driver (dotnet publish Drivers/Nfp.Drivers.Pop -c Release -o DIR)
          --proxy          the published configurator proxy and agent (dotnet publish ConfiguratorProxy/Nfp.ConfiguratorProxy -c Release -o DIR)
          --rounds         pairs of VPN services per path, created → tunnel passing traffic, measured (default 10)
          --warmup         pairs per path before them, not measured (default 1)
          --poll-ms        how often the node driver reads a service while waiting for ACTIVE (default 50)
          --workers        the manager's Orchestration:Workers (default 4, the manager's own default)
          --iperf-runs     iperf3 runs per path, through the tunnel and without it, taking turns (default 3; 0: no throughput part)
          --iperf-seconds  each iperf3 run's length (default 10)
        """;

    /// <summary>The options, or null when help was asked for.</summary>
    /// <exception cref="ArgumentException">An unknown or malformed argument, or a required one missing.</exception>
    public static VpnBenchOptions? Parse(IReadOnlyList<string> args)
    {
        if (BenchArguments.Parse(args) is not { } a)
        {
            return null;
        }
        var options = a.Done(new VpnBenchOptions(a.Required("manager"), a.Required("popd"), a.Required("driver"), a.Required("proxy"),
            a.Number("rounds") ?? 10, a.Count("warmup") ?? 1, a.Number("poll-ms") ?? 50, a.Number("workers") ?? 4,
            a.Count("iperf-runs") ?? 3, a.Number("iperf-seconds") ?? 10));
        // The CPU is read over the middle of each run, a second in from either end.
        return options.IperfSeconds >= 3 ? options : throw new ArgumentException("--iperf-seconds must be 3 or more.");
    }
}
