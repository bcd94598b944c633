using System.Globalization;

namespace Nfp.Bench.Pop;

/// <summary>The bench's command line.</summary>
internal sealed record BenchOptions(
    string PopdPath,
    int Count,
    int Warmup,
    string Image,
    int PollMilliseconds,
    int StopTimeoutSeconds,
    string? MarkdownPath,
    string? CsvPath,
    bool Profile,
    bool KeepLog,
    string PopdPostgresOptions,
    IReadOnlyDictionary<string, string> PopdEnvironment)
{
    public const string Usage =
        """
        usage: nfp-bench-pop --popd PATH [options]

          --popd PATH          popd as published: its folder, popd.dll (run with `dotnet`) or the popd executable
          --count N            containers per path, measured (default 50)
          --warmup N           containers per path run first and not measured (default 3)
          --image IMAGE        the image both paths run (default nfp/base:latest; never pulled)
          --poll-ms N          how often the popd path asks Containers whether a stopped container is EXITED (default 20)
          --stop-timeout N     seconds Docker waits after SIGTERM before it kills, on both paths (default 5)
          --markdown FILE      also write the report to FILE
          --csv FILE           also write every measured cycle to FILE (path, order, phases, CPU per process group)
          --profile            also count popd's PostgreSQL transactions per cycle (adds about 45 s of waiting)
                               and cut each cycle at Docker's events (create, start, kill, die, stop, destroy)
          --keep-log           keep popd's log (in the temporary folder) even when the run succeeds
          --popd-env KEY=VALUE an extra environment variable for popd (repeatable), e.g. Logging__LogLevel__Default=Warning
          --popd-pg-options S  appended to popd's connection string, e.g. "No Reset On Close=true" (to profile)

        PostgreSQL: ConnectionStrings__Postgres from the environment, else from /etc/nfp/nfp.env.
        Docker: unix:///var/run/docker.sock, API 1.41.
        """;

    /// <exception cref="ArgumentException">An unknown option, a missing value or a value out of range.</exception>
    public static BenchOptions? Parse(IReadOnlyList<string> args)
    {
        string? popd = null, markdown = null, csv = null;
        string image = "nfp/base:latest";
        int count = 50, warmup = 3, poll = 20, stopTimeout = 5;
        var profile = false;
        var keepLog = false;
        var postgresOptions = "";
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "-h" or "--help":
                    return null;
                case "--popd":
                    popd = Value();
                    break;
                case "--count":
                    count = Number(args[i], Value(), 1, 10_000);
                    break;
                case "--warmup":
                    warmup = Number(args[i], Value(), 0, 1_000);
                    break;
                case "--image":
                    image = Value();
                    break;
                case "--poll-ms":
                    poll = Number(args[i], Value(), 1, 10_000);
                    break;
                case "--stop-timeout":
                    stopTimeout = Number(args[i], Value(), 1, 300);
                    break;
                case "--markdown":
                    markdown = Value();
                    break;
                case "--csv":
                    csv = Value();
                    break;
                case "--profile":
                    profile = true;
                    break;
                case "--keep-log":
                    keepLog = true;
                    break;
                case "--popd-pg-options":
                    postgresOptions = Value();
                    break;
                case "--popd-env":
                    var pair = Value();
                    var equals = pair.IndexOf('=', StringComparison.Ordinal);
                    if (equals <= 0)
                    {
                        throw new ArgumentException($"--popd-env '{pair}' is not KEY=VALUE.");
                    }
                    environment[pair[..equals]] = pair[(equals + 1)..];
                    break;
                default:
                    throw new ArgumentException($"Unknown argument '{args[i]}'.");
            }
        }
        if (popd is null)
        {
            throw new ArgumentException("--popd is required (publish popd first: dotnet publish Drivers/Nfp.Popd -c Release -o DIR).");
        }
        return new BenchOptions(popd, count, warmup, image, poll, stopTimeout, markdown, csv, profile, keepLog, postgresOptions, environment);
    }

    private static int Number(string option, string text, int min, int max) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new ArgumentException($"{option} must be a whole number from {min} to {max}; '{text}' is not.");
}
