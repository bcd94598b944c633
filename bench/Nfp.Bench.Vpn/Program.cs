using Nfp.Bench;
using Nfp.Bench.Vpn;

// Two VPN services through the whole stack vs the same device work done directly, and the tunnel's throughput: see docs/benchmarks.md.
return await BenchProgram.RunAsync(() => VpnBenchOptions.Parse(args), VpnBenchOptions.Usage,
    (options, cancellationToken) => new VpnBench(options).RunAsync(string.Join(' ', args), cancellationToken), StackFailures.Explain);
