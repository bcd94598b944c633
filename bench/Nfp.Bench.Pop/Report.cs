using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Nfp.Bench.Pop;

/// <summary>What a run measured, as Markdown (docs/benchmarks.md takes it as it is).</summary>
internal sealed class Report(
    BenchOptions options,
    string arguments,
    string runId,
    string dockerVersion,
    string imageId,
    string subnet,
    IReadOnlyList<Cycle> direct,
    IReadOnlyList<Cycle> popd,
    IReadOnlyList<double> directCpu,
    IReadOnlyList<double> popdCpu,
    long popdLogLines,
    IReadOnlyList<(string What, double Median)> probes,
    Profile? profile,
    TimeSpan elapsed)
{
    /// <summary>The issue's target: popd's median cycle at most this many times direct Docker's.</summary>
    public const double Target = 1.15;

    public double Ratio => Stats.Median(popd.Select(c => c.Total)) / Stats.Median(direct.Select(c => c.Total));

    public string Markdown()
    {
        var text = new StringBuilder();
        void Line(string line = "") => text.Append(line).Append('\n');

        Line(Invariant($"#### Run {runId}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC"));
        Line();
        Line($"Arguments: `{arguments}`");
        Line();
        Line(Invariant($"- Machine: {Environment.ProcessorCount} CPUs, {RuntimeInformation.OSDescription}, Docker {dockerVersion} (API 1.41), image `{options.Image}` ({imageId})."));
        Line(Invariant($"- {options.Count} containers per path after {options.Warmup} warm-up each, one at a time, the paths alternating (direct, popd, direct, popd, ...)."));
        Line(Invariant($"- Direct: create on the bench network {subnet} at a fixed address, start, stop ({options.StopTimeoutSeconds} s timeout), remove."));
        Line(Invariant($"- popd: Create on its default network, Start, Stop, Containers every {options.PollMilliseconds} ms until EXITED, Delete."));
        Line();
        Line("| per container, ms | direct Docker | popd | popd / direct |");
        Line("| --- | ---: | ---: | ---: |");
        Row("**cycle, median**", c => c.Total, Stats.Median, bold: true);
        Row("cycle, p90", c => c.Total, values => Stats.Percentile(values, 90));
        Row("cycle, mean", c => c.Total, Stats.Mean);
        Row("create, median", c => c.Create, Stats.Median, ratio: false);
        Row("start, median", c => c.Start, Stats.Median, ratio: false);
        Row("stop, median (popd: Stop, then polls until EXITED)", c => c.Stop, Stats.Median, ratio: false);
        Row("delete, median", c => c.Delete, Stats.Median, ratio: false);
        Row("create + start, median", c => c.Create + c.Start, Stats.Median);
        Row("stop + delete, median", c => c.Stop + c.Delete, Stats.Median);
        Line();
        Line(Invariant($"popd's Stop RPC answered in {Stats.Median(popd.Select(c => c.StopCall)):0.0} ms (median); EXITED was seen after {Stats.Median(popd.Select(c => (double)c.Polls)):0} polls (median)."));
        var timeout = options.StopTimeoutSeconds * 1000.0;
        var killed = direct.Count(c => c.Stop >= timeout) + popd.Count(c => c.Stop >= timeout);
        if (killed > 0)
        {
            Line(Invariant($"**{killed} {(killed == 1 ? "stop" : "stops")} took the whole {options.StopTimeoutSeconds} s timeout**: PID 1 did not exit on SIGTERM and Docker killed it."));
        }
        Line();
        var met = Ratio <= Target;
        Line(Invariant($"**Ratio of the cycle medians, popd / direct: {Ratio:0.000}. Target ≤ {Target:0.00}: {(met ? "met" : "NOT met")}.**"));
        Line();
        Line("CPU used per cycle (ms, mean; from /proc, lower bounds: processes that ended in between are not counted):");
        Line();
        Line("| process | direct Docker | popd |");
        Line("| --- | ---: | ---: |");
        for (var g = 0; g < CpuMeter.Groups.Length; g++)
        {
            Line(Invariant($"| {CpuMeter.Groups[g]} | {directCpu[g] / direct.Count:0.0} | {popdCpu[g] / popd.Count:0.0} |"));
        }
        Line(Invariant($"| all of these | {directCpu.Sum() / direct.Count:0.0} | {popdCpu.Sum() / popd.Count:0.0} |"));
        Line();
        Line(Invariant($"popd wrote {popdLogLines / (double)popd.Count:0.0} log lines per cycle."));
        Line();
        Line("| round trip, median of 30 | ms |");
        Line("| --- | ---: |");
        foreach (var (what, median) in probes)
        {
            Line(Invariant($"| {what} | {median:0.00} |"));
        }
        if (profile is not null)
        {
            Line();
            Line(Invariant($"PostgreSQL transactions committed in popd's database: {profile.PerCycle:0.0} per cycle (the polls included), {profile.PerInfo:0.00} per Info call, {profile.PerContainers:0.00} per Containers call."));
            Line();
            Line("Each cycle cut at Docker's events (median of each segment, ms; the medians do not add up to the cycle's):");
            Line();
            Line("| segment | direct Docker | popd | popd − direct |");
            Line("| --- | ---: | ---: | ---: |");
            var timeline = profile.Timeline;
            if (timeline.Direct.Count == SegmentNames.Length && timeline.Popd.Count == SegmentNames.Length)
            {
                for (var i = 0; i < SegmentNames.Length; i++)
                {
                    Line(Invariant($"| {SegmentNames[i]} | {timeline.Direct[i]:0.0} | {timeline.Popd[i]:0.0} | {timeline.Popd[i] - timeline.Direct[i]:+0.0;-0.0} |"));
                }
                Line(Invariant($"| sum | {timeline.Direct.Sum():0.0} | {timeline.Popd.Sum():0.0} | {timeline.Popd.Sum() - timeline.Direct.Sum():+0.0;-0.0} |"));
            }
            else
            {
                Line("| (Docker did not report every event) | | | |");
            }
        }
        Line();
        Line(Invariant($"The run took {elapsed.TotalSeconds:0} s (popd's start, warm-up and probes included; cleanup not)."));
        return text.ToString().TrimEnd('\n');

        void Row(string label, Func<Cycle, double> value, Func<IEnumerable<double>, double> statistic, bool ratio = true, bool bold = false)
        {
            var a = statistic(direct.Select(value));
            var b = statistic(popd.Select(value));
            var r = ratio ? (bold ? Invariant($"**{b / a:0.000}**") : Invariant($"{b / a:0.000}")) : "";
            Line(Invariant($"| {label} | {a:0.0} | {b:0.0} | {r} |"));
        }
    }

    /// <summary>The segments between the cycle's start, Docker's events (<see cref="DockerTimeline.Actions"/>) and its end.</summary>
    private static readonly string[] SegmentNames =
    [
        "begin → `create` (direct: the create call; popd: Create RPC, then Start RPC up to Docker)",
        "`create` → `start` (Docker starts the container)",
        "`start` → `kill` (direct: start returns, stop is sent; popd: rest of Start RPC, Stop RPC, background stop begins)",
        "`kill` → `die` (PID 1 exits on SIGTERM)",
        "`die` → `stop` (Docker finishes the stop)",
        "`stop` → `destroy` (direct: remove; popd: inspect for the exit code, then remove)",
        "`destroy` → end (direct: remove returns; popd: addresses released, EXITED stored, seen by a poll, Delete RPC)",
    ];

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
