using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Docker.DotNet;
using Docker.DotNet.Models;
using Nfp.Pop.Client;
using Filter = Nfp.Pop.Protocol.Filter;

namespace Nfp.Bench.Pop;

/// <summary>
/// One run: a fresh database and a popd of its own, then the same container cycle through popd and
/// through Docker.DotNet, one container at a time, interleaved; then the report. Whatever happens,
/// popd is killed and everything the run made (containers, networks, the database) is removed.
/// </summary>
internal sealed class PopBench(BenchOptions options)
{
    private const string User = "bench";
    private const string DockerEndpoint = "unix:///var/run/docker.sock";
    private const int ProbeCount = 30;

    /// <summary>PostgreSQL 15 flushes an idle backend's statistics within 10 s.</summary>
    private static readonly TimeSpan StatisticsFlush = TimeSpan.FromSeconds(11);

    public async Task<int> RunAsync(string arguments, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var runId = $"nb{RandomNumberGenerator.GetHexString(10, lowercase: true)}";
        var password = RandomNumberGenerator.GetHexString(32, lowercase: true);
        using var docker = new DockerClientBuilder().WithEndpoint(new Uri(DockerEndpoint)).WithApiVersion(new System.Version(1, 41)).Build();
        var direct = new DirectDocker(docker, runId, options.Image, (uint)options.StopTimeoutSeconds);
        BenchDatabase? database = null;
        DaemonProcess? popd = null;
        PopClient? pop = null;
        var succeeded = false;
        try
        {
            DaemonProcess.Resolve(options.PopdPath, "popd.dll");
            var image = await ImageIdAsync(docker, cancellationToken);
            var engine = await docker.System.GetVersionAsync(cancellationToken);
            database = await BenchDatabase.CreateAsync(cancellationToken);
            var port = DaemonProcess.FreePort();
            var environment = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["ConnectionStrings__Postgres"] = options.PopdPostgresOptions.Length == 0
                    ? database.ConnectionString
                    : $"{database.ConnectionString};{options.PopdPostgresOptions}",
                ["POPD_AUTH"] = $"{User}:{password}",
                ["Popd__PopName"] = runId,
                ["Popd__DefaultNetwork"] = $"{runId}-private",
                ["Popd__StopTimeoutSeconds"] = options.StopTimeoutSeconds.ToString(CultureInfo.InvariantCulture),
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["DOTNET_ENVIRONMENT"] = "Production",
            };
            foreach (var (key, value) in options.PopdEnvironment)
            {
                environment[key] = value;
            }
            var logPath = Path.Combine(Path.GetTempPath(), $"{runId}-popd.log");
            Progress($"run {runId}: database {database.Name}, popd on 127.0.0.1:{port} (log {logPath})");
            var popdStart = Stopwatch.StartNew();
            pop = PopClient.For(new PopClientOptions($"http://127.0.0.1:{port}", User, password));
            popd = await PopdDaemon.StartAsync(options.PopdPath, port, environment, logPath, pop, cancellationToken);
            Progress($"popd answered Info after {popdStart.Elapsed.TotalSeconds:0.0} s");
            var subnet = await direct.CreateNetworkAsync(cancellationToken);
            var viaPopd = new PopdPath(pop, options.Image, TimeSpan.FromMilliseconds(options.PollMilliseconds));
            Progress($"direct path on network {runId}-direct ({subnet}); popd path on {runId}-private");

            for (var i = 0; i < options.Warmup; i++)
            {
                await direct.CycleAsync(i, cancellationToken);
                await viaPopd.CycleAsync(i, cancellationToken);
            }
            Progress($"warm-up done ({options.Warmup} per path)");

            long? transactionsBefore = options.Profile ? await FlushedTransactionsAsync(database, cancellationToken) : null;
            await using var timeline = options.Profile ? new DockerTimeline(docker, runId) : null;
            if (timeline is not null)
            {
                await Task.Delay(500, cancellationToken);
            }
            var meter = new CpuMeter(popd.ProcessId);
            var directCpu = new double[CpuMeter.Groups.Length];
            var popdCpu = new double[CpuMeter.Groups.Length];
            var csv = new List<string> { "path,order,name,create_ms,start_ms,stop_ms,delete_ms,total_ms,stop_call_ms,polls," + string.Join(',', CpuMeter.Groups.Select(g => $"cpu_{g}_ms")) };
            var linesBefore = popd.LogLines;
            var directCycles = new List<Cycle>();
            var popdCycles = new List<Cycle>();
            for (var i = 0; i < options.Count; i++)
            {
                var index = options.Warmup + i;
                directCycles.Add(await Metered(meter, directCpu, csv, "direct", i, () => direct.CycleAsync(index, cancellationToken)));
                popdCycles.Add(await Metered(meter, popdCpu, csv, "popd", i, () => viaPopd.CycleAsync(index, cancellationToken)));
                if ((i + 1) % 10 == 0 || i + 1 == options.Count)
                {
                    Progress($"{i + 1}/{options.Count}: last cycle direct {directCycles[^1].Total:0} ms, popd {popdCycles[^1].Total:0} ms");
                }
            }
            var popdLogLines = popd.LogLines - linesBefore;
            Timeline? segments = null;
            if (timeline is not null)
            {
                await timeline.StopAsync();
                segments = new Timeline(Segments(timeline, directCycles), Segments(timeline, popdCycles));
            }
            long? transactionsAfter = options.Profile ? await FlushedTransactionsAsync(database, cancellationToken) : null;

            Profile? profile = null;
            if (transactionsBefore is { } before && transactionsAfter is { } after)
            {
                const int calls = 100;
                for (var i = 0; i < calls; i++)
                {
                    await pop.InfoAsync(cancellationToken);
                }
                var afterInfo = await FlushedTransactionsAsync(database, cancellationToken);
                for (var i = 0; i < calls; i++)
                {
                    await pop.ContainersAsync(new Filter { Id = Guid.Empty.ToString() }, cancellationToken);
                }
                var afterContainers = await FlushedTransactionsAsync(database, cancellationToken);
                profile = new Profile((after - before) / (double)options.Count, (afterInfo - after) / (double)calls,
                    (afterContainers - afterInfo) / (double)calls, segments!);
            }

            var probes = new List<(string What, double Median)>
            {
                ("popd Info (gRPC, token check: 1 SQL query)", await ProbeAsync(() => pop.InfoAsync(cancellationToken))),
                ("popd Containers by id (gRPC, token check, 2 SQL queries)",
                    await ProbeAsync(() => pop.ContainersAsync(new Filter { Id = Guid.Empty.ToString() }, cancellationToken))),
                ("Docker image inspect", await ProbeAsync(() => docker.Images.InspectImageAsync(options.Image, cancellationToken))),
            };
            probes.Add(("Docker container inspect (running container)", await direct.ProbeInspectAsync(ProbeCount, cancellationToken)));

            var report = new Report(options, arguments, runId, engine.Version, image, subnet, directCycles, popdCycles, directCpu, popdCpu,
                popdLogLines, probes, profile, clock.Elapsed);
            var markdown = report.Markdown();
            Console.WriteLine(markdown);
            if (options.CsvPath is { } csvPath)
            {
                await File.WriteAllLinesAsync(csvPath, csv, cancellationToken);
                Progress($"cycles written to {csvPath}");
            }
            if (options.MarkdownPath is { } path)
            {
                await File.WriteAllTextAsync(path, markdown + "\n", cancellationToken);
                Progress($"report written to {path}");
            }
            succeeded = true;
            return 0;
        }
        finally
        {
            await CleanupAsync(docker, runId, popd, pop, direct, database, succeeded && !options.KeepLog);
            Progress($"run took {clock.Elapsed.TotalSeconds:0.0} s in all");
        }
    }

    /// <summary>The median of each segment over the cycles Docker reported every event of.</summary>
    private static List<double> Segments(DockerTimeline timeline, IReadOnlyList<Cycle> cycles)
    {
        var cut = cycles.Select(c => timeline.Segments(c.Name, c.StartedAt, c.EndedAt)).OfType<double[]>().ToList();
        return cut.Count == 0 ? [] : Enumerable.Range(0, cut[0].Length).Select(i => Stats.Median(cut.Select(s => s[i]))).ToList();
    }

    /// <summary>Runs a cycle, adds the CPU each process group used meanwhile to <paramref name="totals"/>, and records a CSV row.</summary>
    private static async Task<Cycle> Metered(CpuMeter meter, double[] totals, List<string> csv, string path, int order, Func<Task<Cycle>> cycle)
    {
        var before = meter.Read();
        var c = await cycle();
        var used = CpuMeter.Used(before, meter.Read());
        for (var g = 0; g < totals.Length; g++)
        {
            totals[g] += used[g];
        }
        csv.Add(string.Join(',', new[] { path, order.ToString(CultureInfo.InvariantCulture), c.Name }
            .Concat(new[] { c.Create, c.Start, c.Stop, c.Delete, c.Total, c.StopCall, c.Polls }.Concat(used)
                .Select(v => v.ToString("0.###", CultureInfo.InvariantCulture)))));
        return c;
    }

    private async Task<string> ImageIdAsync(DockerClient docker, CancellationToken cancellationToken)
    {
        try
        {
            var image = await docker.Images.InspectImageAsync(options.Image, cancellationToken);
            return image.ID.Replace("sha256:", "", StringComparison.Ordinal)[..12];
        }
        catch (DockerImageNotFoundException)
        {
            throw new BenchException($"{options.Image} is not on this Docker engine (it is never pulled): run deploy/images/build.sh.");
        }
        catch (HttpRequestException e)
        {
            throw new BenchException($"Docker does not answer at {DockerEndpoint}: {e.Message}", e);
        }
    }

    /// <summary>The median of <see cref="ProbeCount"/> calls, after one unmeasured call.</summary>
    private static async Task<double> ProbeAsync(Func<Task> call)
    {
        await call();
        var times = new List<double>();
        for (var i = 0; i < ProbeCount; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await call();
            times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
        return Stats.Median(times);
    }

    private static async Task<long> FlushedTransactionsAsync(BenchDatabase database, CancellationToken cancellationToken)
    {
        Progress($"profile: waiting {StatisticsFlush.TotalSeconds:0} s for PostgreSQL's statistics");
        await Task.Delay(StatisticsFlush, cancellationToken);
        return await database.CommittedTransactionsAsync(cancellationToken);
    }

    /// <summary>Kills popd, then removes the containers and networks of the run and drops its database; each step is tried.</summary>
    private static async Task CleanupAsync(
        DockerClient docker, string runId, DaemonProcess? popd, PopClient? pop, DirectDocker direct, BenchDatabase? database, bool deleteLog)
    {
        var problems = new List<string>();
        async Task Step(string what, Func<Task> step)
        {
            try
            {
                await step();
            }
            catch (Exception e) when (e is DockerApiException or HttpRequestException or Npgsql.NpgsqlException or IOException
                or InvalidOperationException or TimeoutException or OperationCanceledException)
            {
                problems.Add($"{what}: {e.Message}");
            }
        }

        if (popd is not null)
        {
            await Step("kill popd", popd.KillAsync);
        }
        pop?.Dispose();
        await Step("remove containers", async () =>
        {
            foreach (var label in new[] { $"nfp.pop={runId}", $"{DirectDocker.RunLabel}={runId}" })
            {
                var containers = await docker.Containers.ListContainersAsync(new ContainersListParameters
                {
                    All = true,
                    Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [label] = true } },
                }, CancellationToken.None);
                foreach (var container in containers)
                {
                    await docker.Containers.RemoveContainerAsync(container.ID, new ContainerRemoveParameters { Force = true }, CancellationToken.None);
                }
            }
        });
        await Step("remove the bench network", direct.DeleteNetworkAsync);
        await Step("remove popd's networks", async () =>
        {
            var networks = await docker.Networks.ListNetworksAsync(new NetworksListParameters
            {
                Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [$"nfp.pop={runId}"] = true } },
            }, CancellationToken.None);
            foreach (var network in networks)
            {
                await docker.Networks.DeleteNetworkAsync(network.ID, CancellationToken.None);
            }
        });
        if (database is not null)
        {
            await Step("drop the database", database.DropAsync);
        }
        if (popd is not null)
        {
            popd.Dispose();
            if (deleteLog && problems.Count == 0)
            {
                File.Delete(popd.LogPath);
            }
            else
            {
                Progress($"popd's log is kept: {popd.LogPath}");
            }
        }
        foreach (var problem in problems)
        {
            Console.Error.WriteLine($"cleanup: {problem}");
        }
        Progress(problems.Count == 0 ? "cleaned up: popd killed, containers, networks and database removed" : "cleanup was incomplete (see above)");
    }

    private static void Progress(string message) =>
        Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] {message}");
}

/// <summary>
/// What --profile measures: PostgreSQL transactions committed per popd cycle, per Info call and per
/// Containers call, and the cycles cut at Docker's events.
/// </summary>
internal sealed record Profile(double PerCycle, double PerInfo, double PerContainers, Timeline Timeline);

/// <summary>The median of each segment between Docker's events (<see cref="DockerTimeline.Segments"/>), per path.</summary>
internal sealed record Timeline(IReadOnlyList<double> Direct, IReadOnlyList<double> Popd);
