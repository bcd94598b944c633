using System.Globalization;

namespace Nfp.Bench.Manager;

/// <summary>The bench's command line.</summary>
internal sealed record ManagerBenchOptions(
    string ManagerPath, string PopdPath, string DriverPath, int Rounds, int Singles, int Concurrent, int Workers, string Image)
{
    public const string Usage = """
        usage: nfp-bench-manager --manager DIR --popd DIR --driver DIR [--rounds N] [--singles N] [--concurrent N] [--workers N] [--image IMAGE]
          --manager     the published Network Service Manager (dotnet publish NetworkServiceManager/Nfp.NetworkServiceManager -c Release -o DIR)
          --popd        the published popd (dotnet publish Drivers/Nfp.Popd -c Release -o DIR)
          --driver      the published Pop lifecycle driver (dotnet publish Drivers/Nfp.Drivers.Pop -c Release -o DIR)
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
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] is "-h" or "--help")
            {
                return null;
            }
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 == args.Count)
            {
                throw new ArgumentException($"'{args[i]}' is not an option with a value.");
            }
            values[args[i][2..]] = args[++i];
        }
        string Required(string name) => values.Remove(name, out var value) ? value : throw new ArgumentException($"--{name} is required.");
        int Number(string name, int fallback) => values.Remove(name, out var text)
            ? int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : throw new ArgumentException($"--{name} must be a positive number.")
            : fallback;
        var options = new ManagerBenchOptions(Required("manager"), Required("popd"), Required("driver"), Number("rounds", 400), Number("singles", 10),
            Number("concurrent", 50), Number("workers", 4), values.Remove("image", out var image) ? image : "nfp/base:latest");
        return values.Count == 0 ? options : throw new ArgumentException($"Unknown option --{values.Keys.First()}.");
    }
}
