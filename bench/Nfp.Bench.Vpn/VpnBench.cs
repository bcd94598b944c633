using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Nfp.Drivers.Vendors.Strongswan;
using Nfp.Pop.Protocol;

namespace Nfp.Bench.Vpn;

/// <summary>
/// One run: the whole stack up (<see cref="BenchStack"/>, the configurator's path), the bench's networks and
/// the sites' hosts; then two VPN services, one per site, made through the manager against the same device
/// work done directly (<see cref="DirectVpn"/>), the paths taking turns after a warm-up, each timed until a
/// host of site a reaches a host of site b through the tunnel; where the manager's time went, from its own
/// records; then iperf3 through the tunnel against the same path without it (<see cref="Throughput"/>).
/// Everything made is removed at the end.
/// </summary>
internal sealed class VpnBench(VpnBenchOptions options)
{
    private const double Target = 1.3;

    /// <summary>What ends a create's time on both paths.</summary>
    private const string Passes = "host a's first answer from host b";

    public async Task<int> RunAsync(string arguments, CancellationToken cancellationToken)
    {
        await using var stack = new BenchStack("nv");
        using var docker = BenchDocker.Client();
        var agentSecret = $"agent-{RandomNumberGenerator.GetHexString(24, lowercase: true)}";
        await stack.StartPopdAsync(options.PopdPath, cancellationToken);
        var management = (await stack.Pop.NetworksAsync(new Filter { Name = stack.ManagementNetwork }, cancellationToken)).Single();
        var sites = VpnSites.Of((management.Name, management.Subnets[0].Cidr), await stack.CreateNetworkAsync("public", cancellationToken),
            await stack.CreateNetworkAsync("site-a", cancellationToken), await stack.CreateNetworkAsync("site-b", cancellationToken));
        var hosts = new SiteHosts(docker, sites, stack.RunId);
        await hosts.StartAsync(cancellationToken);
        await ConfiguratorPath.StartAsync(stack, options.ProxyPath, agentSecret, cancellationToken);
        await stack.StartManagerAsync(options.ManagerPath, options.DriverPath, VpnService.Vendor, VpnService.Image, new Dictionary<string, string>
        {
            [$"LifecycleDrivers__{VpnService.Vendor}__Settings__AgentSecret"] = agentSecret,
            ["Orchestration__Workers"] = options.Workers.ToString(CultureInfo.InvariantCulture),
        }, cancellationToken);
        await stack.StartNodeDriverAsync(o => o.PollInterval = TimeSpan.FromMilliseconds(options.PollMilliseconds));
        await ConfiguratorPath.WaitUntilAnsweringAsync(stack, cancellationToken);

        using var driver = new StrongswanVpnDriver(new ConfigurationBuilder().AddInMemoryCollection([new("AgentSecret", agentSecret)]).Build());
        var vpn = new VpnService(sites);
        var direct = new DirectVpn(new DirectDevice(docker, driver, agentSecret, stack.RunId), sites, vpn, hosts);
        var manager = new ManagerVpn(stack.Client, sites, vpn, hosts);
        Console.WriteLine($"# nfp-bench-vpn {arguments}");
        Console.WriteLine($"run {stack.RunId}; {Environment.ProcessorCount} CPUs; load average {LoadAverage.Now()}; manager workers {options.Workers}; " +
                          $"node driver reads every {options.PollMilliseconds} ms; public {sites.Public.Cidr}, site a {sites.A.Network.Cidr}, site b {sites.B.Network.Cidr}");

        await WarmUpAsync(stack, manager, direct, agentSecret, cancellationToken);
        await MeasureCreatesAsync(stack, manager, direct, cancellationToken);
        if (options.IperfRuns > 0)
        {
            var (gateways, _) = await direct.RenderAsync(cancellationToken);
            await new Throughput(docker, direct, new Iperf(hosts, sites), options.IperfRuns, options.IperfSeconds).MeasureAsync(gateways, cancellationToken);
            await direct.RemoveAsync(gateways, cancellationToken);
        }
        Console.WriteLine();
        Console.WriteLine($"load average at the end {LoadAverage.Now()}");
        return 0;
    }

    /// <summary>
    /// <see cref="VpnBenchOptions.Warmup"/> pairs per path, not measured; the first whose services went ACTIVE
    /// also checks that both paths' gateway a runs the same swanctl.conf (the run stops if not).
    /// </summary>
    private async Task WarmUpAsync(BenchStack stack, ManagerVpn manager, DirectVpn direct, string agentSecret, CancellationToken cancellationToken)
    {
        using var check = new SameVpnConfig(agentSecret);
        var checkedConfig = false;
        for (var i = 0; i < options.Warmup; i++)
        {
            var run = await manager.CreateAsync(cancellationToken);
            if (!run.Clean)
            {
                Console.Error.WriteLine($"warm-up pair {i + 1} through the manager: {string.Join("; ", run.Failures)}");
            }
            var managerConfig = run.Clean && !checkedConfig ? await check.OfManagerAsync(stack.ManagerDatabase, run.Services[0], cancellationToken) : null;
            await manager.DeleteAsync(run, cancellationToken);
            var (gateways, _) = await direct.RenderAsync(cancellationToken);
            if (managerConfig is not null)
            {
                SameVpnConfig.Require(managerConfig, await check.OfFloorAsync(gateways[0], cancellationToken));
                checkedConfig = true;
            }
            await direct.RemoveAsync(gateways, cancellationToken);
        }
    }

    /// <summary>One pair at a time, the paths taking turns at going first; then the comparison, the floor's phases and the manager's steps.</summary>
    private async Task MeasureCreatesAsync(BenchStack stack, ManagerVpn manager, DirectVpn direct, CancellationToken cancellationToken)
    {
        var (runs, floors) = (new List<ManagerRun>(), new List<DirectTimes>());
        for (var i = 0; i < options.Rounds; i++)
        {
            for (var turn = 0; turn < 2; turn++)
            {
                if ((turn == 0) == (i % 2 == 0))
                {
                    var run = await manager.CreateAsync(cancellationToken);
                    runs.Add(run);
                    await manager.DeleteAsync(run, cancellationToken);
                }
                else
                {
                    var (gateways, times) = await direct.RenderAsync(cancellationToken);
                    floors.Add(times);
                    await direct.RemoveAsync(gateways, cancellationToken);
                }
            }
        }
        var clean = runs.Where(r => r.Clean).ToList();
        var title = $"Two VPN services, create → {Passes} through the tunnel, {options.Rounds} pairs per path (ms)";
        if (clean.Count > 0)
        {
            Comparison.Print(title, "through the manager", [.. clean.Select(r => r.Milliseconds)], "the same device work directly",
                [.. floors.Select(f => f.Milliseconds)], Target);
        }
        else
        {
            Console.WriteLine();
            Console.WriteLine($"### {title}");
            Console.WriteLine();
            Console.WriteLine("No run of the manager path ended with both services ACTIVE and the tunnel passing: no ratio.");
        }
        if (clean.Count < runs.Count)
        {
            var failures = runs.SelectMany(r => r.Failures).Distinct().ToList();
            Console.WriteLine();
            Console.WriteLine($"{runs.Count - clean.Count} of {runs.Count} runs of the manager path left out: " + string.Join("; ", failures.Take(3)) +
                              (failures.Count > 3 ? "; …" : ""));
        }
        PrintFloorPhases(floors);
        await StepTimes.PrintAsync("Two VPN services at once", stack.ManagerDatabase, clean, Passes, cancellationToken);
    }

    private static void PrintFloorPhases(List<DirectTimes> floors)
    {
        var gateways = floors.SelectMany(f => f.Gateways).ToList();
        Console.WriteLine();
        Console.WriteLine("The floor's phases (ms, median over both gateways of every pair): " + string.Join(", ", new (string, Func<GatewayTimes, double>)[]
        {
            ("docker create + start", g => g.Container), ("connect × 2 + inspect", g => g.Connect), ("until the agent says up", g => g.AgentUp),
            ("interfaces", g => g.Interfaces), ("swanctl.conf loaded", g => g.Vpn),
        }.Select(phase => $"{phase.Item1} {Stats.Median(gateways.Select(phase.Item2)):0}")) +
            $"; both gateways configured {Stats.Median(floors.Select(f => f.Configured)):0}, then until {Passes} {Stats.Median(floors.Select(f => f.Milliseconds - f.Configured)):0}");
    }
}
