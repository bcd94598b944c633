namespace Nfp.Bench.Lists;

/// <summary>The bench's command line.</summary>
internal sealed record ListBenchOptions(string ManagerPath, int Rows, int Calls, int Limit)
{
    public const string Usage = """
        usage: nfp-bench-lists --manager DIR [--rows N] [--calls N] [--limit N]
          --manager  the published Network Service Manager (dotnet publish NetworkServiceManager/Nfp.NetworkServiceManager -c Release -o DIR)
          --rows     network services seeded into the manager's database (default 1000000)
          --calls    timed get_network_services calls per kind of page (default 1000)
          --limit    the pages' size (default 100, the node driver's default)
        """;

    /// <summary>The options, or null when help was asked for.</summary>
    /// <exception cref="ArgumentException">An unknown or malformed argument, or a required one missing.</exception>
    public static ListBenchOptions? Parse(IReadOnlyList<string> args)
    {
        if (BenchArguments.Parse(args) is not { } a)
        {
            return null;
        }
        return a.Done(new ListBenchOptions(a.Required("manager"), a.Number("rows") ?? 1_000_000, a.Number("calls") ?? 1000, a.Number("limit") ?? 100));
    }
}
