using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Nfp.NodeDriver;
using Nfp.Schema.Resources;
using Nfp.Schema.Rpc;

namespace Nfp.Bench.Manager;

/// <summary>
/// One run: popd and the manager as published processes on databases of their own, the node driver's
/// bus in this process (with a configurator that answers at once and a bare echo consumer), then the
/// three measurements side by side, paths alternating. Everything made is removed at the end.
/// </summary>
internal sealed class ManagerBench(ManagerBenchOptions options)
{
    private const string Vendor = "pop";

    /// <summary>
    /// Calls per RPC path before the timed ones: enough for the runtime to have compiled each path's code at
    /// its final tier (it recompiles a method after 30 calls, and with dynamic PGO once more after 30 further
    /// calls); after the 30 calls this bench made before, the manager's runtime was still compiling well into the timed calls.
    /// </summary>
    private const int RpcWarmup = 300;

    public async Task<int> RunAsync(string arguments, CancellationToken cancellationToken)
    {
        await using var stack = new BenchStack("nm");
        await stack.StartPopdAsync(options.PopdPath, cancellationToken);
        var networks = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            networks.Add((await stack.CreateNetworkAsync($"data{i}", cancellationToken)).Name);
        }
        await stack.StartManagerAsync(options.ManagerPath, options.DriverPath, Vendor, options.Image, new Dictionary<string, string>
        {
            ["Orchestration__Workers"] = options.Workers.ToString(CultureInfo.InvariantCulture),
        }, cancellationToken);
        await stack.StartNodeDriverAsync();
        var bus = stack.NodeDriver.GetRequiredService<IBus>();
        var configurator = await BenchConfigurator.StartAsync(bus, stack.RunId);
        var client = stack.Client;
        var direct = new DirectPop(stack.Pop, options.Image, networks);
        Console.WriteLine($"# nfp-bench-manager {arguments}");
        Console.WriteLine($"run {stack.RunId}; {Environment.ProcessorCount} CPUs; load average {LoadAverage.Now()}; manager workers {options.Workers}");

        if (options.Measure.Contains("rpc"))
        {
            await MeasureRpcAsync(client, bus, stack.RunId, networks, stack.ManagerDatabase.ConnectionString, cancellationToken);
        }
        if (options.Measure.Contains("singles"))
        {
            await MeasureSinglesAsync(client, configurator, direct, networks, cancellationToken);
        }
        if (options.Measure.Contains("concurrent"))
        {
            await MeasureConcurrentAsync(client, configurator, direct, networks, cancellationToken);
        }
        Console.WriteLine($"load average at the end {LoadAverage.Now()}");
        return 0;
    }

    /// <summary>
    /// get_network_service through the manager vs the same request answered at once with the same payload
    /// by a bare MassTransit consumer in a process of its own (as the manager is); and, beside them, the
    /// bare consumer making one PostgreSQL round trip first (SELECT 1 on the manager's database) — the
    /// least an answer read from the store costs — and the bare consumer answering with the manager's own
    /// read (NetworkServiceDetails, the same round trip) — what the read costs without the manager around it.
    /// </summary>
    private async Task MeasureRpcAsync(
        INetworkServiceClient client, IBus bus, string runId, IReadOnlyList<string> networks, string database, CancellationToken cancellationToken)
    {
        var accepted = await client.CreateNetworkServiceAsync(Create(networks), cancellationToken);
        var payload = await client.WaitForStatusAsync(accepted.NetworkServiceId, ProvisioningStatus.Active, TimeSpan.FromSeconds(60), cancellationToken);
        var bare = $"{runId}-bare-get-network-service";
        var payloadFile = Path.Combine(Path.GetTempPath(), $"{runId}-payload.json");
        await File.WriteAllTextAsync(payloadFile, JsonSerializer.Serialize(payload, Schema.Json.NfpJson.Options), cancellationToken);
        using var responder = DaemonProcess.Start(AppContext.BaseDirectory, "nfp-bench-manager.dll", [BareResponder.Argument, bare, payloadFile],
            new Dictionary<string, string> { ["ConnectionStrings__Postgres"] = database }, Path.Combine(Path.GetTempPath(), $"{runId}-bare.log"));
        try
        {
            var clients = bus.CreateClientFactory();
            var paths = new[] { RpcQueues.Name<GetNetworkService>(runId), bare, BareResponder.ReadQueue(bare), BareResponder.DetailQueue(bare) }
                .Select(queue => (Client: clients.CreateRequestClient<GetNetworkService>(new Uri($"queue:{queue}")), Times: new List<double>()))
                .ToList();
            var request = new GetNetworkService(payload.NetworkService.Id);
            async Task<double> TimeAsync(IRequestClient<GetNetworkService> requestClient)
            {
                var clock = Stopwatch.StartNew();
                await requestClient.GetResponse<NetworkServiceDetail, RpcFault>(request, cancellationToken, RequestTimeout.After(s: 30));
                return clock.Elapsed.TotalMilliseconds;
            }
            for (var i = 0; i < RpcWarmup; i++)
            {
                foreach (var path in paths)
                {
                    await TimeAsync(path.Client);
                }
            }
            for (var i = 0; i < options.Rounds; i++)
            {
                foreach (var path in paths)
                {
                    path.Times.Add(await TimeAsync(path.Client));
                }
            }
            var (manager, bareTimes, select1, read) = (paths[0].Times, paths[1].Times, paths[2].Times, paths[3].Times);
            Comparison.Print($"get_network_service round trip, {options.Rounds} per path (ms)", "through the manager", manager,
                "bare MassTransit request/reply", bareTimes, 1.3);
            PrintFloor("bare + one PostgreSQL round trip (SELECT 1)", select1, bareTimes, manager);
            PrintFloor("bare + the manager's read (NetworkServiceDetails)", read, bareTimes, manager);
        }
        finally
        {
            await responder.KillAsync();
            File.Delete(payloadFile);
        }
    }

    /// <summary>A further floor of the RPC: its figures, its ratio to the bare round trip, and the manager's to it.</summary>
    private static void PrintFloor(string name, IReadOnlyList<double> floor, IReadOnlyList<double> bare, IReadOnlyList<double> manager) =>
        Console.WriteLine($"{name}: median {Stats.Median(floor):0.00}, p90 {Stats.Percentile(floor, 90):0.00}, mean {Stats.Mean(floor):0.00} ms — " +
                          $"{Stats.Median(floor) / Stats.Median(bare):0.000} × bare; the manager is {Stats.Median(manager) / Stats.Median(floor):0.000} × it");

    /// <summary>One service at a time: create → device RUNNING with its interfaces plugged, through the manager vs the same Pop calls directly.</summary>
    private async Task MeasureSinglesAsync(
        INetworkServiceClient client, BenchConfigurator configurator, DirectPop direct, IReadOnlyList<string> networks, CancellationToken cancellationToken)
    {
        var (managerTimes, directTimes) = (new List<double>(), new List<double>());
        for (var i = 0; i < options.Singles; i++)
        {
            managerTimes.Add(await ThroughManagerAsync(client, configurator, 1, networks, cancellationToken));
            var clock = Stopwatch.StartNew();
            await direct.RenderAsync($"direct-{i}", cancellationToken);
            directTimes.Add(clock.Elapsed.TotalMilliseconds);
        }
        await direct.DeleteAllAsync(cancellationToken);
        Comparison.Print($"create → device RUNNING and plugged, one at a time, {options.Singles} per path (ms)",
            "through the manager", managerTimes, "Pop calls directly", directTimes, 1.2);
    }

    /// <summary>N services at once: the time until the last one's device is RUNNING and plugged, each path twice, in the order M D D M.</summary>
    private async Task MeasureConcurrentAsync(
        INetworkServiceClient client, BenchConfigurator configurator, DirectPop direct, IReadOnlyList<string> networks, CancellationToken cancellationToken)
    {
        var (managerTimes, directTimes) = (new List<double>(), new List<double>());
        async Task DirectRoundAsync(int round)
        {
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, options.Concurrent).Select(i => direct.RenderAsync($"direct-{round}-{i}", cancellationToken)));
            directTimes.Add(clock.Elapsed.TotalMilliseconds);
            await direct.DeleteAllAsync(cancellationToken);
        }
        async Task ManagerRoundAsync()
        {
            managerTimes.Add(await ThroughManagerAsync(client, configurator, options.Concurrent, networks, cancellationToken));
            await direct.DeleteAllAsync(cancellationToken);
        }
        await ManagerRoundAsync();
        await DirectRoundAsync(0);
        await DirectRoundAsync(1);
        await ManagerRoundAsync();
        Comparison.Print($"{options.Concurrent} services created at once, until the last is RUNNING and plugged (ms)",
            "through the manager", managerTimes, "Pop calls directly", directTimes, 1.2);
    }

    /// <summary>Creates <paramref name="count"/> services at once; the time from the first request to the last device plugged.</summary>
    private static async Task<double> ThroughManagerAsync(
        INetworkServiceClient client, BenchConfigurator configurator, int count, IReadOnlyList<string> networks, CancellationToken cancellationToken)
    {
        var started = DateTimeOffset.UtcNow;
        var accepted = await Task.WhenAll(Enumerable.Range(0, count).Select(_ => client.CreateNetworkServiceAsync(Create(networks), cancellationToken)));
        var plugged = await Task.WhenAll(accepted.Select(a => configurator.PluggedAsync(a.NetworkServiceId).WaitAsync(TimeSpan.FromMinutes(5), cancellationToken)));
        return (plugged.Max() - started).TotalMilliseconds;
    }

    private static CreateNetworkService Create(IReadOnlyList<string> networks) => new(
        Guid.NewGuid(), Guid.NewGuid(), new ServiceProfile(Guid.NewGuid(), ServiceType.Loadbalancer, Vendor),
        [
            new PortInfoRequest(Guid.NewGuid(), PortPolicy.NeutronPort, PortClassification.Provider, networks[0]),
            new PortInfoRequest(Guid.NewGuid(), PortPolicy.NeutronPort, PortClassification.Consumer, networks[1]),
        ]);
}
