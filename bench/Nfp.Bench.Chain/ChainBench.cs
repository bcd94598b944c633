using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Nfp.Drivers.Vendors.Haproxy;
using Nfp.Pop.Protocol;

namespace Nfp.Bench.Chain;

/// <summary>
/// One run: the whole stack up (<see cref="BenchStack"/>, the configurator's path, the backends), then a
/// load-balancer service made through the manager against the same device work done directly
/// (<see cref="FloorDevice"/>) — one at a time, the paths alternating after a warm-up, then many at
/// once — and where the manager's time went, from its own records. Everything made is removed at the end.
/// </summary>
internal sealed class ChainBench(ChainBenchOptions options)
{
    private const double Target = 1.3;
    private const double SparePoolTarget = 0.5;
    private const double PairGapTargetMs = 2000;
    private const double FailoverTarget = 1.5;

    /// <summary>What ends a create's time: the node driver reads the service ACTIVE.</summary>
    private const string ReadsActive = "the client reads ACTIVE";

    public async Task<int> RunAsync(string arguments, CancellationToken cancellationToken)
    {
        await using var stack = new BenchStack("nc");
        using var docker = BenchDocker.Client();
        var agentSecret = $"agent-{RandomNumberGenerator.GetHexString(24, lowercase: true)}";
        await stack.StartPopdAsync(options.PopdPath, cancellationToken);
        var management = (await stack.Pop.NetworksAsync(new Filter { Name = stack.ManagementNetwork }, cancellationToken)).Single();
        var networks = new ChainNetworks((management.Name, management.Subnets[0].Cidr),
            await stack.CreateNetworkAsync("consumer", cancellationToken), await stack.CreateNetworkAsync("provider", cancellationToken));
        var loadBalancer = new LoadBalancer(await Backends.StartAsync(docker, stack.RunId, networks.Provider, options.Backends, cancellationToken));
        await ConfiguratorPath.StartAsync(stack, options.ProxyPath, agentSecret, cancellationToken);
        await stack.StartManagerAsync(options.ManagerPath, options.DriverPath, LoadBalancer.Vendor, LoadBalancer.Image, ManagerSettings(agentSecret),
            cancellationToken);
        await stack.StartNodeDriverAsync(o => o.PollInterval = TimeSpan.FromMilliseconds(options.PollMilliseconds));
        await ConfiguratorPath.WaitUntilAnsweringAsync(stack, cancellationToken);

        using var driver = new HaproxyDriver(new ConfigurationBuilder().AddInMemoryCollection([new("AgentSecret", agentSecret)]).Build());
        var floor = new FloorDevice(new DirectDevice(docker, driver, agentSecret, stack.RunId), networks, loadBalancer);
        var manager = new ManagerPath(stack.Client, networks, loadBalancer);
        Console.WriteLine($"# nfp-bench-chain {arguments}");
        Console.WriteLine($"run {stack.RunId}; {Environment.ProcessorCount} CPUs; load average {LoadAverage.Now()}; manager workers {options.Workers}; " +
                          $"notification pull every {options.PullMilliseconds?.ToString(CultureInfo.InvariantCulture) ?? "1000 (the manager's default)"} ms; " +
                          $"node driver reads every {options.PollMilliseconds} ms; {options.Backends} backends; " +
                          $"spare pool {(options.Spares > 0 ? options.Spares.ToString(CultureInfo.InvariantCulture) : "none")}");

        using var check = new SameConfigCheck(agentSecret);
        var checkedConfig = false;
        for (var i = 0; i < options.Warmup; i++)
        {
            var run = await manager.CreateAsync(1, cancellationToken);
            var (id, _) = await floor.RenderAsync(0, cancellationToken);
            if (!checkedConfig && run.Clean)
            {
                checkedConfig = true;
                await check.RequireAsync(stack.ManagerDatabase, run.Services[0], Addresses.Vip(networks.Consumer.Cidr, 0),
                    Addresses.Floor(networks.Management.Cidr, 0), floor.FloorNsdId(0), Addresses.Floor(networks.Consumer.Cidr, 0), cancellationToken);
            }
            await manager.DeleteAsync(run, cancellationToken);
            await floor.RemoveAsync(id, cancellationToken);
        }
        await MeasureSinglesAsync(stack, manager, floor, cancellationToken);
        await MeasureConcurrentAsync(stack, manager, floor, cancellationToken);
        var failover = new FailoverPath(docker, stack, networks);
        await MeasureFailoversAsync(stack, failover, manager, floor, networks, cancellationToken);
        await MeasurePairAsync(stack, new PairPath(docker, stack, failover), failover, loadBalancer, networks, cancellationToken);
        Console.WriteLine();
        Console.WriteLine($"load average at the end {LoadAverage.Now()}");
        return 0;
    }

    /// <summary>One service at a time, the paths taking turns at going first.</summary>
    private async Task MeasureSinglesAsync(BenchStack stack, ManagerPath manager, FloorDevice floor, CancellationToken cancellationToken)
    {
        var (runs, floors) = (new List<ManagerRun>(), new List<FloorTimes>());
        for (var i = 0; i < options.Singles; i++)
        {
            for (var turn = 0; turn < 2; turn++)
            {
                if ((turn == 0) == (i % 2 == 0))
                {
                    await ManagerDevices.SparesReadyAsync(stack.ManagerDatabase, options.Spares, cancellationToken);
                    var run = await manager.CreateAsync(1, cancellationToken);
                    runs.Add(run);
                    await manager.DeleteAsync(run, cancellationToken);
                }
                else
                {
                    var (id, times) = await floor.RenderAsync(0, cancellationToken);
                    floors.Add(times);
                    await floor.RemoveAsync(id, cancellationToken);
                }
            }
        }
        var clean = Compare($"create → ACTIVE, one at a time, {options.Singles} per path (ms)", runs, [.. floors.Select(f => f.Total)]);
        Console.WriteLine();
        Console.WriteLine("The floor's phases (ms, median): " + string.Join(", ", new (string, Func<FloorTimes, double>)[]
        {
            ("docker create + start", f => f.Container), ("connect × 2 + inspect", f => f.Connect), ("until the agent says up", f => f.AgentUp),
            ("interfaces", f => f.Interfaces), ("haproxy.cfg + reload", f => f.Haproxy),
        }.Select(phase => $"{phase.Item1} {Stats.Median(floors.Select(phase.Item2)):0}")));
        await StepTimes.PrintAsync("One at a time", stack.ManagerDatabase, clean, ReadsActive, cancellationToken);
    }

    /// <summary><see cref="ChainBenchOptions.Concurrent"/> services at once, until the last is ACTIVE; rounds in the order M D D M M D …</summary>
    private async Task MeasureConcurrentAsync(BenchStack stack, ManagerPath manager, FloorDevice floor, CancellationToken cancellationToken)
    {
        var (runs, floors) = (new List<ManagerRun>(), new List<double>());
        for (var round = 0; round < 2 * options.Rounds; round++)
        {
            if (round % 4 is 0 or 3)
            {
                await ManagerDevices.SparesReadyAsync(stack.ManagerDatabase, options.Spares, cancellationToken);
                var run = await manager.CreateAsync(options.Concurrent, cancellationToken);
                runs.Add(run);
                await manager.DeleteAsync(run, cancellationToken);
            }
            else
            {
                var clock = System.Diagnostics.Stopwatch.StartNew();
                var made = await Task.WhenAll(Enumerable.Range(0, options.Concurrent).Select(slot => floor.RenderAsync(slot, cancellationToken)));
                floors.Add(clock.Elapsed.TotalMilliseconds);
                await Task.WhenAll(made.Select(m => floor.RemoveAsync(m.Id, cancellationToken)));
            }
        }
        var clean = Compare($"{options.Concurrent} created at once, until the last is ACTIVE, {options.Rounds} rounds per path (ms)", runs, floors);
        Console.WriteLine();
        Console.WriteLine($"Rounds (ms): manager {string.Join(", ", runs.Select(r => $"{r.Milliseconds:0}{(r.Clean ? "" : $" ({r.Failures.Count} ERROR)")}"))}; " +
                          $"directly {string.Join(", ", floors.Select(t => t.ToString("0", CultureInfo.InvariantCulture)))}");
        await StepTimes.PrintAsync($"{options.Concurrent} at once", stack.ManagerDatabase, clean, ReadsActive, cancellationToken);
    }

    /// <summary>
    /// <see cref="ChainBenchOptions.Failovers"/> kills of one load balancer's device, each timed until its VIP
    /// answers again (<see cref="FailoverPath"/>), against as many creates of the same device directly, the
    /// two taking turns. The manager runs with no backoff and no limit of tries, so that every kill is a
    /// first failover; its settle time (500 ms) is its default.
    /// </summary>
    private async Task MeasureFailoversAsync(BenchStack stack, FailoverPath failover, ManagerPath manager, FloorDevice floor, ChainNetworks networks, CancellationToken cancellationToken)
    {
        if (options.Failovers == 0)
        {
            return;
        }
        await failover.StartClientAsync(cancellationToken);
        var run = await manager.CreateAsync(1, cancellationToken);
        var (kills, known, floors) = (new List<double>(), new List<double>(), new List<double>());
        for (var i = 0; i < options.Failovers; i++)
        {
            await ManagerDevices.SparesReadyAsync(stack.ManagerDatabase, options.Spares, cancellationToken);
            var (answered, knew) = await failover.KillAsync(run.Services[0], Addresses.Vip(networks.Consumer.Cidr, 0), cancellationToken);
            kills.Add(answered);
            known.Add(knew);
            var (id, times) = await floor.RenderAsync(0, cancellationToken);
            floors.Add(times.Total);
            await floor.RemoveAsync(id, cancellationToken);
        }
        Comparison.Print($"Failover of a load balancer: docker kill of its device → its VIP answering again, {options.Failovers} kills (ms)",
            "failover, no operator", kills, "one create of the same device directly", floors, FailoverTarget);
        Console.WriteLine();
        Console.WriteLine($"The manager knew of each death (its heal operation accepted) {Stats.Median(known):0} ms after the kill " +
                          $"(median; p90 {Stats.Percentile(known, 90):0}, max {known.Max():0}; issue 15 asks ≤ 500).");
        await manager.DeleteAsync(run, cancellationToken);
    }

    /// <summary>
    /// <see cref="ChainBenchOptions.PairKills"/> kills of an active-standby load balancer's active device,
    /// each the longest gap a client sending every 100 ms saw (<see cref="PairPath"/>), against the issue's 2 s.
    /// </summary>
    private async Task MeasurePairAsync(BenchStack stack, PairPath pair, FailoverPath failover, LoadBalancer loadBalancer, ChainNetworks networks, CancellationToken cancellationToken)
    {
        if (options.PairKills == 0)
        {
            return;
        }
        await failover.StartClientAsync(cancellationToken);
        var vip = Addresses.Vip(networks.Consumer.Cidr, 1);
        var request = loadBalancer.Request(vip, networks.Consumer.Name, networks.Provider.Name);
        var accepted = await stack.Client.CreateNetworkServiceAsync(
            request with { ServiceProfile = request.ServiceProfile with { Topology = Nfp.Schema.Resources.ServiceTopology.ActiveStandby } }, cancellationToken);
        await stack.Client.WaitForStatusAsync(accepted.NetworkServiceId, Nfp.Schema.Resources.ProvisioningStatus.Active, TimeSpan.FromMinutes(3), cancellationToken);
        var gaps = new List<double>();
        for (var i = 0; i < options.PairKills; i++)
        {
            gaps.Add(await pair.KillActiveAsync(accepted.NetworkServiceId, vip, cancellationToken));
        }
        Console.WriteLine();
        Console.WriteLine($"### Active-standby load balancer: docker kill of its active device → the longest gap a client sending every 100 ms saw, {options.PairKills} kills (ms)");
        Console.WriteLine();
        Console.WriteLine($"median {Stats.Median(gaps):0}, p90 {Stats.Percentile(gaps, 90):0}, max {gaps.Max():0}; each: {string.Join(", ", gaps.Select(g => g.ToString("0", CultureInfo.InvariantCulture)))}");
        Console.WriteLine($"target ≤ {PairGapTargetMs:0} (median): {(Stats.Median(gaps) <= PairGapTargetMs ? "met" : "NOT met")}");
        await stack.Client.DeleteNetworkServiceAsync(new Nfp.Schema.Rpc.DeleteNetworkService(accepted.NetworkServiceId), cancellationToken);
        await stack.Client.WaitForStatusAsync(accepted.NetworkServiceId, Nfp.Schema.Resources.ProvisioningStatus.Deleted, TimeSpan.FromMinutes(3), cancellationToken);
    }

    /// <summary>
    /// The manager's runs in which every service went ACTIVE against the floor; the others are counted,
    /// with the reasons their services gave, and left out of the figures. Returns the runs kept.
    /// </summary>
    private List<ManagerRun> Compare(string title, List<ManagerRun> runs, IReadOnlyList<double> floor)
    {
        var clean = runs.Where(r => r.Clean).ToList();
        if (clean.Count > 0)
        {
            Comparison.Print(title, "through the manager", [.. clean.Select(r => r.Milliseconds)], "the same device work directly", floor,
                options.Spares > 0 ? SparePoolTarget : Target);
        }
        else
        {
            Console.WriteLine();
            Console.WriteLine($"### {title}");
            Console.WriteLine();
            Console.WriteLine("No run of the manager path ended with every service ACTIVE: no ratio.");
        }
        if (clean.Count < runs.Count)
        {
            var failures = runs.SelectMany(r => r.Failures).ToList();
            Console.WriteLine();
            Console.WriteLine($"{runs.Count - clean.Count} of {runs.Count} runs of the manager path left out: {failures.Count} services went ERROR — " +
                              string.Join("; ", failures.Distinct().Take(3)) + (failures.Distinct().Count() > 3 ? "; …" : ""));
        }
        return clean;
    }

    private Dictionary<string, string> ManagerSettings(string agentSecret)
    {
        var settings = new Dictionary<string, string>
        {
            [$"LifecycleDrivers__{LoadBalancer.Vendor}__Settings__AgentSecret"] = agentSecret,
            ["Orchestration__Workers"] = options.Workers.ToString(CultureInfo.InvariantCulture),
            // Every kill of the failover measurement is a first failover: no backoff, no limit of tries.
            ["Orchestration__Failover__BackoffSeconds"] = "0",
            ["Orchestration__Failover__MaxTries"] = "1000",
        };
        if (options.Spares > 0)
        {
            settings[$"LifecycleDrivers__{LoadBalancer.Vendor}__SparePool__Size"] = options.Spares.ToString(CultureInfo.InvariantCulture);
            settings[$"LifecycleDrivers__{LoadBalancer.Vendor}__SparePool__ServiceType"] = "loadbalancer";
        }
        if (options.PullMilliseconds is { } pull)
        {
            settings["Orchestration__NotificationPullMilliseconds"] = pull.ToString(CultureInfo.InvariantCulture);
        }
        return settings;
    }
}
