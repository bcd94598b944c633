namespace Nfp.Bench.Lists;

/// <summary>The bench's command line.</summary>
/// <param name="Rest">Measure the REST API (<see cref="RestBench"/>) instead of get_network_services over RPC (<see cref="ListBench"/>).</param>
/// <param name="CliPaths">Published <c>nfp</c> CLIs to time against the REST run's manager (none: the CLI is not timed).</param>
internal sealed record ListBenchOptions(string ManagerPath, int Rows, int Calls, int Limit, bool Rest, IReadOnlyList<string> CliPaths, int CliRuns)
{
    public const string Usage = """
        usage: nfp-bench-lists --manager DIR [--measure rpc|rest] [--rows N] [--calls N] [--limit N] [--cli DIR[,DIR...]] [--cli-runs N]
          --manager   the published Network Service Manager (dotnet publish NetworkServiceManager/Nfp.NetworkServiceManager -c Release -o DIR)
          --measure   rpc: get_network_services through the manager's RPC queue beside a bare request/reply (default);
                      rest: GET /v1/network_services with a token beside the same request without one, and the CLI
          --rows      network services seeded into the manager's database (default 1000000 for rpc, 10000 for rest)
          --calls     timed calls per path (default 1000)
          --limit     the pages' size (default 100, the node driver's and the CLI's default)
          --cli       rest only: published nfp CLIs (dotnet publish NodeDriver/Nfp.Cli -c Release -o DIR), each timed as a process
          --cli-runs  timed runs of each CLI command per CLI (default 20)
        """;

    /// <summary>The options, or null when help was asked for.</summary>
    /// <exception cref="ArgumentException">An unknown or malformed argument, or a required one missing.</exception>
    public static ListBenchOptions? Parse(IReadOnlyList<string> args)
    {
        if (BenchArguments.Parse(args) is not { } a)
        {
            return null;
        }
        var rest = a.Text("measure", "rpc") switch
        {
            "rpc" => false,
            "rest" => true,
            var other => throw new ArgumentException($"--measure must be rpc or rest, not '{other}'."),
        };
        var cli = a.Text("cli", "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (cli.Length > 0 && !rest)
        {
            throw new ArgumentException("--cli is timed against the REST API: give --measure rest.");
        }
        return a.Done(new ListBenchOptions(a.Required("manager"), a.Number("rows") ?? (rest ? 10_000 : 1_000_000), a.Number("calls") ?? 1000,
            a.Number("limit") ?? 100, rest, cli, a.Number("cli-runs") ?? 20));
    }
}
