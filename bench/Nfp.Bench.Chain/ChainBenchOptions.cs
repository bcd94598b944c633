namespace Nfp.Bench.Chain;

/// <summary>The bench's command line.</summary>
/// <param name="PullMilliseconds">The manager's Orchestration:NotificationPullMilliseconds; null: the manager's default (1000).</param>
internal sealed record ChainBenchOptions(
    string ManagerPath, string PopdPath, string DriverPath, string ProxyPath, int Singles, int Warmup, int Concurrent, int Rounds,
    int? PullMilliseconds, int PollMilliseconds, int Workers, int Backends, int Failovers, int Spares, int PairKills)
{
    /// <summary>Services at once at most: the addresses of <see cref="Addresses"/> leave room for 40 per path.</summary>
    public const int MaxConcurrent = 40;

    public const string Usage = """
        usage: nfp-bench-chain --manager DIR --popd DIR --driver DIR --proxy DIR [--singles N] [--warmup N] [--concurrent N] [--rounds N]
                               [--pull-ms N] [--poll-ms N] [--workers N] [--backends N] [--failovers N] [--spares N]
                               [--pair-kills N]
          --manager     the published Network Service Manager (dotnet publish NetworkServiceManager/Nfp.NetworkServiceManager -c Release -o DIR)
          --popd        the published popd (dotnet publish Drivers/Nfp.Popd -c Release -o DIR)
          --driver      the published Pop lifecycle driver (dotnet publish Drivers/Nfp.Drivers.Pop -c Release -o DIR)
          --proxy       the published configurator proxy and agent (dotnet publish ConfiguratorProxy/Nfp.ConfiguratorProxy -c Release -o DIR)
          --singles     one-at-a-time creates per path, measured (default 20)
          --warmup      one-at-a-time creates per path before them, not measured (default 2)
          --concurrent  services created at once (default 20, at most 40)
          --rounds      rounds of --concurrent per path (default 2)
          --pull-ms     the manager's Orchestration:NotificationPullMilliseconds (default: not set, the manager's 1000)
          --poll-ms     how often the node driver reads a service while waiting for ACTIVE (default 50)
          --workers     the manager's Orchestration:Workers (default 4, the manager's own default)
          --backends    nfp/web backends, the load balancer's members (default 3)
          --failovers   kills of a load balancer's device, each timed until its VIP answers again, against as many
                        floor creates (default 10; 0: none)
          --spares      the load balancer vendor's spare pool (LifecycleDrivers:{vendor}:SparePool:Size; default 0: none);
                        each create and kill through the manager waits until the pool is full again, and the creates'
                        target is then 0.5 × the floor instead of 1.3 ×
          --pair-kills  kills of an active-standby load balancer's active device, each timed as the longest gap
                        between answers of a client sending every 100 ms (default 0: none)
        """;

    /// <summary>The options, or null when help was asked for.</summary>
    /// <exception cref="ArgumentException">An unknown or malformed argument, or a required one missing.</exception>
    public static ChainBenchOptions? Parse(IReadOnlyList<string> args)
    {
        if (BenchArguments.Parse(args) is not { } a)
        {
            return null;
        }
        var options = a.Done(new ChainBenchOptions(a.Required("manager"), a.Required("popd"), a.Required("driver"), a.Required("proxy"),
            a.Number("singles") ?? 20, a.Number("warmup") ?? 2, a.Number("concurrent") ?? 20, a.Number("rounds") ?? 2, a.Number("pull-ms"),
            a.Number("poll-ms") ?? 50, a.Number("workers") ?? 4, a.Number("backends") ?? 3, a.Count("failovers") ?? 10,
            a.Count("spares") ?? 0, a.Count("pair-kills") ?? 0));
        return options.Concurrent <= MaxConcurrent && options.Backends <= Addresses.MaxBackends ? options
            : throw new ArgumentException($"--concurrent takes at most {MaxConcurrent}, --backends at most {Addresses.MaxBackends}.");
    }
}
