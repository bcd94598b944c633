using System.Diagnostics;
using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Nfp.Schema.Json;
using Nfp.Schema.Resources;
using Nfp.Schema.Rpc;

namespace Nfp.Bench.Lists;

/// <summary>
/// One run: the manager as a published process on a database of its own (with no lifecycle driver: nothing
/// is rendered), the node driver's bus in this process, the rows seeded (<see cref="ServiceRows"/>); then
/// get_network_services through the manager's RPC queue for each kind of page, as a node driver asks, one
/// call at a time, the kinds in turn; beside them, the first page answered at once by a bare consumer
/// (<see cref="BarePage"/>) — what the same request and answer cost with no manager and no database.
/// Last, the manager's memory. Everything made is removed at the end.
/// </summary>
internal sealed class ListBench(ListBenchOptions options)
{
    /// <summary>Calls per path before the timed ones: enough for the runtime to have compiled the paths' code at its final tier.</summary>
    private const int Warmup = 300;
    private const double TargetP99Ms = 20;
    private const double TargetRssMb = 250;

    public async Task<int> RunAsync(string arguments, CancellationToken cancellationToken)
    {
        await using var stack = new BenchStack("nl");
        await stack.StartManagerAsync(options.ManagerPath, new Dictionary<string, string>(), cancellationToken);
        await stack.StartNodeDriverAsync();
        var manager = stack.Manager.ProcessId;
        Console.WriteLine($"# nfp-bench-lists {arguments}");
        Console.WriteLine($"run {stack.RunId}; {Environment.ProcessorCount} CPUs; load average {LoadAverage.Now()}");
        Console.WriteLine($"manager memory after its start: {ProcessMemory.Of(manager)}");

        var rows = await ServiceRows.SeedAsync(stack.ManagerDatabase.ConnectionString, options.Rows, cancellationToken);
        Console.WriteLine($"seeded {rows.Rows} services ({rows.Live} not DELETED, {rows.Tenants} tenants) in {rows.CopyTook.TotalSeconds:0.0} s, " +
                          $"vacuumed and analyzed in {rows.VacuumTook.TotalSeconds:0.0} s; the table with its indexes: {rows.TableBytes / 1048576.0:0} MB");
        Console.WriteLine($"manager memory after the seeding: {ProcessMemory.Of(manager)}");

        var limit = options.Limit;
        Page[] pages =
        [
            new("first page", new GetNetworkServices(Limit: limit), rows.Live, _ => true),
            new($"deep page (marker: the {rows.DeepPosition}th service)", new GetNetworkServices(Limit: limit, Marker: rows.DeepMarker),
                rows.Live - rows.DeepPosition, _ => true),
            new($"largest tenant's first page ({rows.LargeTenantLive} services)", new GetNetworkServices(rows.LargeTenant, Limit: limit),
                rows.LargeTenantLive, s => s.TenantId == rows.LargeTenant),
            new($"median tenant's first page ({rows.MedianTenantLive} services)", new GetNetworkServices(rows.MedianTenant, Limit: limit),
                rows.MedianTenantLive, s => s.TenantId == rows.MedianTenant),
        ];
        var client = stack.Client;
        var answers = new List<NetworkServiceList>();
        foreach (var page in pages)
        {
            answers.Add(page.Check(await client.GetNetworkServicesAsync(page.Request, cancellationToken), limit));
        }
        var paths = pages.Select(page => new TimedPath(page.Name, token => client.GetNetworkServicesAsync(page.Request, token))).ToList();

        var bare = $"{stack.RunId}-bare-get-network-services";
        var payloadFile = Path.Combine(Path.GetTempPath(), $"{stack.RunId}-page.json");
        await File.WriteAllTextAsync(payloadFile, JsonSerializer.Serialize(answers[0], NfpJson.Options), cancellationToken);
        await using var responder = DaemonProcess.Start(AppContext.BaseDirectory, "nfp-bench-lists.dll", [BarePage.Argument, bare, payloadFile],
            new Dictionary<string, string>(), Path.Combine(Path.GetTempPath(), $"{stack.RunId}-bare.log"));
        try
        {
            var viaBare = stack.NodeDriver.GetRequiredService<IBus>().CreateClientFactory()
                .CreateRequestClient<GetNetworkServices>(new Uri($"queue:{bare}"), RequestTimeout.After(s: 30));
            paths.Add(new TimedPath("bare request/reply of the first page", token => viaBare.GetResponse<NetworkServiceList>(pages[0].Request, token)));
            await MeasureAsync(paths, cancellationToken);
        }
        finally
        {
            File.Delete(payloadFile);
        }

        Console.WriteLine();
        Console.WriteLine($"### get_network_services on {rows.Rows} services, pages of {limit}, {options.Calls} calls per path (ms)");
        Console.WriteLine();
        Console.WriteLine("| path | p50 | p90 | p99 | max |");
        Console.WriteLine("| --- | --- | --- | --- | --- |");
        foreach (var path in paths)
        {
            Console.WriteLine($"| {path.Name} | {Stats.Median(path.Times):0.0} | {Stats.Percentile(path.Times, 90):0.0} | " +
                              $"{Stats.Percentile(path.Times, 99):0.0} | {path.Times.Max():0.0} |");
        }
        var worst = paths.Take(pages.Length).Max(p => Stats.Percentile(p.Times, 99));
        Console.WriteLine();
        Console.WriteLine($"worst p99 of the manager's pages {worst:0.0} ms (target ≤ {TargetP99Ms:0} ms): {(worst <= TargetP99Ms ? "met" : "NOT met")}");
        var memory = ProcessMemory.Of(manager);
        Console.WriteLine($"manager memory after the runs: {memory} (target VmRSS ≤ {TargetRssMb:0} MB: " +
                          $"{(memory.RssKb / 1024.0 <= TargetRssMb ? "met" : "NOT met")})");
        Console.WriteLine($"load average at the end {LoadAverage.Now()}");
        return 0;
    }

    /// <summary>Every path called <see cref="Warmup"/> times, then <see cref="ListBenchOptions.Calls"/> timed calls each, the paths in turn.</summary>
    private async Task MeasureAsync(IReadOnlyList<TimedPath> paths, CancellationToken cancellationToken)
    {
        for (var i = 0; i < Warmup + options.Calls; i++)
        {
            foreach (var path in paths)
            {
                var clock = Stopwatch.StartNew();
                await path.CallAsync(cancellationToken);
                if (i >= Warmup)
                {
                    path.Times.Add(clock.Elapsed.TotalMilliseconds);
                }
            }
        }
    }

    private sealed record TimedPath(string Name, Func<CancellationToken, Task> CallAsync)
    {
        public List<double> Times { get; } = [];
    }

    /// <summary>A kind of page: the request, how many services it pages through, and which belong on it.</summary>
    private sealed record Page(string Name, GetNetworkServices Request, int Available, Func<NetworkService, bool> Belongs)
    {
        /// <summary>Returns the manager's answer when it is the page asked for: full, none DELETED, each one that belongs, in creation order.</summary>
        /// <exception cref="BenchException">It is not.</exception>
        public NetworkServiceList Check(NetworkServiceList answer, int limit)
        {
            var services = answer.NetworkServices;
            var inOrder = services.Zip(services.Skip(1)).All(p => (p.First.CreatedAt, p.First.Id).CompareTo((p.Second.CreatedAt, p.Second.Id)) <= 0);
            if (services.Count != Math.Min(limit, Available) || !inOrder
                || services.Any(s => s.ProvisioningStatus == ProvisioningStatus.Deleted || !Belongs(s)))
            {
                throw new BenchException($"The manager's {Name} is not the page asked for: {services.Count} services, in order: {inOrder}.");
            }
            return answer;
        }
    }
}
