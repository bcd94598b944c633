using Nfp.Bench;
using Nfp.Bench.Chain;

// A load-balancer service through the whole stack vs the same device work done directly: see docs/benchmarks.md.
return await BenchProgram.RunAsync(() => ChainBenchOptions.Parse(args), ChainBenchOptions.Usage,
    (options, cancellationToken) => new ChainBench(options).RunAsync(string.Join(' ', args), cancellationToken), StackFailures.Explain);
