using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Grpc.Core;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Nfp.NodeDriver;
using Nfp.Pop.Client;
using Nfp.Pop.Protocol;
using Nfp.Schema.Resources;
using Nfp.Schema.Rpc;
using Npgsql;

namespace Nfp.Bench.Manager;

/// <summary>
/// One run: popd and the manager as published processes on databases of their own, the node driver's
/// bus in this process (with a configurator that answers at once and a bare echo consumer), then the
/// three measurements side by side, paths alternating. Everything made is removed at the end.
/// </summary>
internal sealed class ManagerBench(ManagerBenchOptions options)
{
    private const string Vendor = "pop";
    private const string PopUser = "bench";

    public async Task<int> RunAsync(string arguments, CancellationToken cancellationToken)
    {
        var runId = $"nm{RandomNumberGenerator.GetHexString(10, lowercase: true)}";
        var password = RandomNumberGenerator.GetHexString(32, lowercase: true);
        var popdDb = await BenchDatabase.CreateAsync(cancellationToken);
        var managerDb = await BenchDatabase.CreateAsync(cancellationToken);
        DaemonProcess? popd = null;
        DaemonProcess? manager = null;
        ServiceProvider? nodeDriver = null;
        DirectPop? direct = null;
        var networks = new List<string>();
        var popdPort = DaemonProcess.FreePort();
        var pop = PopClient.For(new PopClientOptions($"http://127.0.0.1:{popdPort}", PopUser, password));
        try
        {
            popd = await PopdDaemon.StartAsync(options.PopdPath, popdPort, new Dictionary<string, string>
            {
                ["ConnectionStrings__Postgres"] = popdDb.ConnectionString,
                ["POPD_AUTH"] = $"{PopUser}:{password}",
                ["Popd__PopName"] = runId,
                ["Popd__DefaultNetwork"] = $"{runId}-private",
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
            }, Path.Combine(Path.GetTempPath(), $"{runId}-popd.log"), pop, cancellationToken);
            for (var i = 0; i < 2; i++)
            {
                networks.Add(await CreateNetworkAsync(pop, $"{runId}-data{i}", cancellationToken));
            }
            manager = await StartManagerAsync(runId, managerDb, popdPort, password, cancellationToken);
            nodeDriver = await StartNodeDriverAsync(runId);
            var bus = nodeDriver.GetRequiredService<IBus>();
            var configurator = await BenchConfigurator.StartAsync(bus, runId);
            var client = nodeDriver.GetRequiredService<INetworkServiceClient>();
            direct = new DirectPop(pop, options.Image, networks);
            Console.WriteLine($"# nfp-bench-manager {arguments}");
            Console.WriteLine($"run {runId}; {Environment.ProcessorCount} CPUs; load average {LoadAverage()}; manager workers {options.Workers}");

            await MeasureRpcAsync(client, bus, runId, networks, managerDb.ConnectionString, cancellationToken);
            await MeasureSinglesAsync(client, configurator, direct, networks, cancellationToken);
            await MeasureConcurrentAsync(client, configurator, direct, networks, cancellationToken);
            Console.WriteLine($"load average at the end {LoadAverage()}");
            return 0;
        }
        finally
        {
            // Each clean-up step on its own, so that one failing neither hides the run's error nor skips the rest.
            await QuietlyAsync(async () =>
            {
                if (manager is not null)
                {
                    await manager.KillAsync();
                    manager.Dispose();
                }
            });
            await QuietlyAsync(async () =>
            {
                if (nodeDriver is not null)
                {
                    await nodeDriver.GetRequiredService<IBusControl>().StopAsync(TimeSpan.FromSeconds(10));
                    await nodeDriver.DisposeAsync();
                }
            });
            await QuietlyAsync(() => direct?.DeleteAllAsync(CancellationToken.None) ?? Task.CompletedTask);
            foreach (var network in networks)
            {
                await QuietlyAsync(() => pop.DeleteNetworkAsync(new Filter { Name = network }, CancellationToken.None));
            }
            await QuietlyAsync(async () =>
            {
                if (popd is not null)
                {
                    await popd.KillAsync();
                    popd.Dispose();
                }
            });
            await QuietlyAsync(() => RemoveDockerLeftoversAsync(runId));
            await QuietlyAsync(popdDb.DropAsync);
            await QuietlyAsync(managerDb.DropAsync);
        }
    }

    private static async Task QuietlyAsync(Func<Task> cleanUp)
    {
        try
        {
            await cleanUp();
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"clean-up: {e.GetType().Name}: {e.Message}");
        }
    }

    /// <summary>
    /// get_network_service through the manager vs the same request answered at once with the same payload
    /// by a bare MassTransit consumer in a process of its own (as the manager is); and, beside them, the
    /// bare consumer making one PostgreSQL round trip first (SELECT 1 on the manager's database): the
    /// least an answer read from the store costs.
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
            var viaManager = clients.CreateRequestClient<GetNetworkService>(new Uri($"queue:{RpcQueues.Name<GetNetworkService>(runId)}"));
            var viaBare = clients.CreateRequestClient<GetNetworkService>(new Uri($"queue:{bare}"));
            var viaBareRead = clients.CreateRequestClient<GetNetworkService>(new Uri($"queue:{BareResponder.ReadQueue(bare)}"));
            var request = new GetNetworkService(payload.Id);
            async Task<double> TimeAsync(IRequestClient<GetNetworkService> requestClient)
            {
                var clock = Stopwatch.StartNew();
                await requestClient.GetResponse<NetworkService, RpcFault>(request, cancellationToken, RequestTimeout.After(s: 30));
                return clock.Elapsed.TotalMilliseconds;
            }
            for (var i = 0; i < 30; i++)
            {
                await TimeAsync(viaManager);
                await TimeAsync(viaBare);
                await TimeAsync(viaBareRead);
            }
            var (managerTimes, bareTimes, bareReadTimes) = (new List<double>(), new List<double>(), new List<double>());
            for (var i = 0; i < options.Rounds; i++)
            {
                managerTimes.Add(await TimeAsync(viaManager));
                bareTimes.Add(await TimeAsync(viaBare));
                bareReadTimes.Add(await TimeAsync(viaBareRead));
            }
            Report($"get_network_service round trip, {options.Rounds} per path (ms)", "through the manager", managerTimes,
                "bare MassTransit request/reply", bareTimes, 1.5);
            var (bareMedian, readMedian) = (Stats.Median(bareTimes), Stats.Median(bareReadTimes));
            Console.WriteLine($"bare + one PostgreSQL round trip (SELECT 1): median {readMedian:0.0}, p90 {Stats.Percentile(bareReadTimes, 90):0.0}, " +
                              $"mean {Stats.Mean(bareReadTimes):0.0} ms — {readMedian / bareMedian:0.000} × bare; " +
                              $"the manager is {Stats.Median(managerTimes) / readMedian:0.000} × it");
        }
        finally
        {
            await responder.KillAsync();
            File.Delete(payloadFile);
        }
    }

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
        Report($"create → device RUNNING and plugged, one at a time, {options.Singles} per path (ms)",
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
        Report($"{options.Concurrent} services created at once, until the last is RUNNING and plugged (ms)",
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

    private static void Report(string title, string name, List<double> times, string floorName, List<double> floor, double target)
    {
        var ratio = Stats.Median(times) / Stats.Median(floor);
        Console.WriteLine();
        Console.WriteLine($"### {title}");
        Console.WriteLine();
        Console.WriteLine("| path | median | p90 | mean |");
        Console.WriteLine("| --- | --- | --- | --- |");
        Console.WriteLine($"| {name} | {Stats.Median(times):0.0} | {Stats.Percentile(times, 90):0.0} | {Stats.Mean(times):0.0} |");
        Console.WriteLine($"| {floorName} | {Stats.Median(floor):0.0} | {Stats.Percentile(floor, 90):0.0} | {Stats.Mean(floor):0.0} |");
        Console.WriteLine();
        Console.WriteLine($"ratio of medians {ratio:0.000} (target ≤ {target:0.0}): {(ratio <= target ? "met" : "NOT met")}");
    }

    private async Task<DaemonProcess> StartManagerAsync(string runId, BenchDatabase database, int popdPort, string password, CancellationToken cancellationToken)
    {
        var port = DaemonProcess.FreePort();
        var driver = Path.Combine(Path.GetFullPath(options.DriverPath), "Nfp.Drivers.Pop.dll");
        if (!File.Exists(driver))
        {
            throw new BenchException($"No Nfp.Drivers.Pop.dll in '{options.DriverPath}': dotnet publish Drivers/Nfp.Drivers.Pop -c Release -o DIR.");
        }
        var manager = DaemonProcess.Start(options.ManagerPath, "Nfp.NetworkServiceManager.dll", ["--urls", $"http://127.0.0.1:{port}"],
            new Dictionary<string, string>
            {
                ["ConnectionStrings__Postgres"] = database.ConnectionString,
                ["ConnectionStrings__RabbitMq"] = BenchEnvironment.Get("ConnectionStrings__RabbitMq"),
                ["Rpc__QueuePrefix"] = runId,
                ["Orchestration__Workers"] = options.Workers.ToString(CultureInfo.InvariantCulture),
                [$"LifecycleDrivers__{Vendor}__Assembly"] = driver,
                [$"LifecycleDrivers__{Vendor}__Type"] = "Nfp.Drivers.Pop.PopLifecycleDriver",
                [$"LifecycleDrivers__{Vendor}__Settings__Address"] = $"http://127.0.0.1:{popdPort}",
                [$"LifecycleDrivers__{Vendor}__Settings__Username"] = PopUser,
                [$"LifecycleDrivers__{Vendor}__Settings__Password"] = password,
                [$"LifecycleDrivers__{Vendor}__Settings__Image"] = options.Image,
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
            }, Path.Combine(Path.GetTempPath(), $"{runId}-manager.log"));
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                var health = await http.GetFromJsonAsync<JsonElement>("/healthz", cancellationToken);
                if (health.GetProperty("status").GetString() == "Healthy")
                {
                    return manager;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            if (manager.HasExited || clock.Elapsed > TimeSpan.FromSeconds(60))
            {
                throw new BenchException($"The manager did not come up.\n{manager.Tail()}");
            }
            await Task.Delay(100, cancellationToken);
        }
    }

    private static async Task<ServiceProvider> StartNodeDriverAsync(string queuePrefix)
    {
        var services = new ServiceCollection()
            .AddLogging()
            .AddNfpNodeDriver(o => (o.RabbitMq, o.QueuePrefix) = (BenchEnvironment.Get("ConnectionStrings__RabbitMq"), queuePrefix))
            .BuildServiceProvider();
        await services.GetRequiredService<IBusControl>().StartAsync(TimeSpan.FromSeconds(30));
        return services;
    }

    /// <summary>A Pop network on the first free /24 of 10.203.0.0/16.</summary>
    private static async Task<string> CreateNetworkAsync(PopClient pop, string name, CancellationToken cancellationToken)
    {
        for (var third = 0; third < 256; third++)
        {
            try
            {
                await pop.CreateNetworkAsync(new NetworkConfig { Name = name, Ipv4 = new Subnet { Cidr = $"10.203.{third}.0/24" } }, cancellationToken);
                return name;
            }
            catch (RpcException e) when (e.StatusCode is StatusCode.FailedPrecondition or StatusCode.AlreadyExists or StatusCode.InvalidArgument)
            {
                // Taken by another network: try the next.
            }
        }
        throw new BenchException("No free /24 in 10.203.0.0/16 for the bench's networks.");
    }

    /// <summary>
    /// Whatever Docker still holds of the run's popd, after popd is gone: containers first (a Create popd
    /// was still carrying out when the run ended is made after the run listed its containers), then networks.
    /// </summary>
    private static async Task RemoveDockerLeftoversAsync(string runId)
    {
        foreach (var (kind, listing, remove) in new[] { ("container", "-aq", "rm -f"), ("network", "-q", "rm") })
        {
            using var list = Process.Start(new ProcessStartInfo("docker", [kind, "ls", listing, "--filter", $"label=nfp.pop={runId}"]) { RedirectStandardOutput = true })!;
            var ids = (await list.StandardOutput.ReadToEndAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            await list.WaitForExitAsync();
            foreach (var id in ids)
            {
                using var removing = Process.Start("docker", [kind, .. remove.Split(' '), id]);
                await removing.WaitForExitAsync();
            }
        }
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ')[..3]) : "?";
}
