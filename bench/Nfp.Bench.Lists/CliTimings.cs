using System.Diagnostics;
using System.Globalization;

namespace Nfp.Bench.Lists;

/// <summary>
/// The <c>nfp</c> CLI as an operator runs it: a new process per command (<c>dotnet nfp.dll …</c>, or the
/// published executable), the manager and the admin token from the environment (NFP_MANAGER_URL,
/// NFP_TOKEN: never on a command line), timed from the start of the process to its exit with its output
/// read. Each CLI given runs <c>--version</c> (the process, the runtime and the command line alone, no
/// request), <c>service list</c> (the first page of 100) and <c>service show ID</c>, all of them in turn,
/// after two runs of each not timed. Beside the wall time, the CPU each run used (user + system, from this
/// process's reaped children: 10 ms ticks).
/// </summary>
internal static class CliTimings
{
    private const int Warmup = 2;
    private const double TargetMs = 150;

    public static async Task RunAsync(
        IReadOnlyList<string> cliPaths, Uri manager, string token, Guid serviceId, int runs, CancellationToken cancellationToken)
    {
        var commands = new (string Name, string[] Args, string Expect)[]
        {
            ("--version", ["--version"], ""),
            ("service list", ["service", "list"], "lb-"),
            ($"service show ID", ["service", "show", serviceId.ToString()], serviceId.ToString()),
        };
        var paths = cliPaths.SelectMany(cli => commands.Select(c => new CliPath(cli, c.Name, c.Args, c.Expect))).ToList();
        var environment = new Dictionary<string, string> { ["NFP_MANAGER_URL"] = manager.ToString(), ["NFP_TOKEN"] = token };
        for (var i = 0; i < Warmup + runs; i++)
        {
            foreach (var path in paths)
            {
                var (wall, cpu) = await path.RunAsync(environment, cancellationToken);
                if (i >= Warmup)
                {
                    path.Times.Add(wall);
                    path.CpuTimes.Add(cpu);
                }
            }
        }

        Console.WriteLine();
        Console.WriteLine($"### the nfp CLI as a process, {runs} runs of each after {Warmup}, in turn (ms)");
        Console.WriteLine();
        Console.WriteLine("| CLI | command | median | p90 | min | max | CPU median |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- | --- |");
        foreach (var path in paths)
        {
            Console.WriteLine($"| {path.Cli} | {path.Name} | {Stats.Median(path.Times):0} | {Stats.Percentile(path.Times, 90):0} | " +
                              $"{path.Times.Min():0} | {path.Times.Max():0} | {Stats.Median(path.CpuTimes):0} |");
        }
        Console.WriteLine();
        foreach (var path in paths.Where(p => p.Name != "--version"))
        {
            var median = Stats.Median(path.Times);
            Console.WriteLine($"{path.Cli} {path.Name}: median {median:0} ms (target ≤ {TargetMs:0} ms): {(median <= TargetMs ? "met" : "NOT met")}");
        }
    }

    private sealed record CliPath(string Cli, string Name, string[] Args, string Expect)
    {
        public List<double> Times { get; } = [];

        public List<double> CpuTimes { get; } = [];

        /// <summary>One run: its wall time and its CPU time (ms).</summary>
        /// <exception cref="BenchException">It failed, or did not print what it should.</exception>
        public async Task<(double Wall, double Cpu)> RunAsync(IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
        {
            var start = DaemonProcess.StartInfo(Cli, "nfp", Args, environment);
            var cpuBefore = ChildrenCpuMs();
            var clock = Stopwatch.StartNew();
            using var process = Process.Start(start) ?? throw new BenchException($"Could not start {start.FileName}.");
            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var error = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            var wall = clock.Elapsed.TotalMilliseconds;
            if (process.ExitCode != 0 || !(await output).Contains(Expect, StringComparison.Ordinal))
            {
                throw new BenchException($"nfp {string.Join(' ', Args)} exited {process.ExitCode}: {await error}");
            }
            return (wall, ChildrenCpuMs() - cpuBefore);
        }

        /// <summary>The user and system CPU of this process's children that have exited and been waited for (/proc/self/stat's cutime and cstime).</summary>
        private static double ChildrenCpuMs()
        {
            var stat = File.ReadAllText("/proc/self/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            // Fields 16 and 17 of stat(5), counted after the command's ')' from field 3: in clock ticks of 10 ms.
            return (long.Parse(fields[13], CultureInfo.InvariantCulture) + long.Parse(fields[14], CultureInfo.InvariantCulture)) * 10.0;
        }
    }
}
