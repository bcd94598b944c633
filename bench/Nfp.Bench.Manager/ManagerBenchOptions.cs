namespace Nfp.Bench.Manager;

/// <summary>The bench's command line.</summary>
internal sealed record ManagerBenchOptions(
    string ManagerPath, string PopdPath, string DriverPath, int Rounds, int Singles, int Concurrent, int Workers, string Image,
    IReadOnlySet<string> Measure)
{
    /// <summary>The measurements, in the order they run.</summary>
    public static readonly string[] Measurements = ["rpc", "singles", "concurrent"];

    public const string Usage = """
        usage: nfp-bench-manager --manager DIR --popd DIR --driver DIR [--measure LIST] [--rounds N] [--singles N] [--concurrent N] [--workers N] [--image IMAGE]
          --manager     the published Network Service Manager (dotnet publish NetworkServiceManager/Nfp.NetworkServiceManager -c Release -o DIR)
          --popd        the published popd (dotnet publish Drivers/Nfp.Popd -c Release -o DIR)
          --driver      the published Pop lifecycle driver (dotnet publish Drivers/Nfp.Drivers.Pop -c Release -o DIR)
          --measure     which measurements to make, comma-separated (default rpc,singles,concurrent)
          --rounds      get_network_service round trips per path (default 400)
          --singles     one-at-a-time creates per path (default 10)
          --concurrent  services created at once, per path (default 50)
          --workers     the manager's Orchestration:Workers (default 4, the manager's own default)
          --image       the device image (default nfp/base:latest)
        """;

    /// <summary>The options, or null when help was asked for.</summary>
    /// <exception cref="ArgumentException">An unknown or malformed argument, or a required one missing.</exception>
    public static ManagerBenchOptions? Parse(IReadOnlyList<string> args)
    {
        if (BenchArguments.Parse(args) is not { } a)
        {
            return null;
        }
        var measure = a.Text("measure", string.Join(',', Measurements)).Split(',').ToHashSet(StringComparer.Ordinal);
        if (measure.FirstOrDefault(m => !Measurements.Contains(m)) is { } unknown)
        {
            throw new ArgumentException($"'{unknown}' is not a measurement: --measure takes {string.Join(", ", Measurements)}.");
        }
        return a.Done(new ManagerBenchOptions(a.Required("manager"), a.Required("popd"), a.Required("driver"), a.Number("rounds") ?? 400,
            a.Number("singles") ?? 10, a.Number("concurrent") ?? 50, a.Number("workers") ?? 4, a.Text("image", "nfp/base:latest"), measure));
    }
}
