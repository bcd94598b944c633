using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace Nfp.Bench;

/// <summary>
/// The Network Service Manager as published, on a database of its own, its queues under the run's
/// prefix, with the Pop lifecycle driver loaded by configuration as in production; waited for until its
/// /healthz says each check Healthy (it applies its migrations as it starts) but those of what the run has not.
/// </summary>
public static class ManagerDaemon
{
    /// <param name="port">The loopback port its REST API listens on.</param>
    /// <param name="settings">Further configuration as environment variables (<c>Section__Key</c>): the lifecycle drivers, orchestration settings.</param>
    /// <param name="absent">Health checks of what the run does not start (<c>configurator</c>): not waited for.</param>
    public static async Task<DaemonProcess> StartAsync(
        string path, string runId, int port, BenchDatabase database, IReadOnlyDictionary<string, string> settings,
        IReadOnlyCollection<string> absent, CancellationToken cancellationToken)
    {
        var environment = new Dictionary<string, string>(settings)
        {
            ["ConnectionStrings__Postgres"] = database.ConnectionString,
            ["ConnectionStrings__RabbitMq"] = BenchEnvironment.Get("ConnectionStrings__RabbitMq"),
            ["Rpc__QueuePrefix"] = runId,
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
        };
        var manager = DaemonProcess.Start(path, "Nfp.NetworkServiceManager.dll", ["--urls", $"http://127.0.0.1:{port}"],
            environment, Path.Combine(Path.GetTempPath(), $"{runId}-manager.log"));
        try
        {
            await WaitHealthyAsync(manager, port, absent, cancellationToken);
            return manager;
        }
        catch
        {
            // Not yet the stack's to remove: a manager that did not come up would outlive the run.
            await manager.DisposeAsync();
            throw;
        }
    }

    private static async Task WaitHealthyAsync(DaemonProcess manager, int port, IReadOnlyCollection<string> absent, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                var health = await http.GetFromJsonAsync<JsonElement>("/healthz", cancellationToken);
                if (health.GetProperty("checks").EnumerateObject()
                    .All(check => check.Value.GetProperty("status").GetString() == "Healthy" || absent.Contains(check.Name)))
                {
                    return;
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

    /// <summary>
    /// The manager's configuration of the Pop lifecycle driver (published at <paramref name="driverPath"/>)
    /// as vendor <paramref name="vendor"/>, against the popd on <paramref name="popdPort"/>, making devices of <paramref name="image"/>.
    /// </summary>
    public static Dictionary<string, string> PopDriver(string vendor, string driverPath, int popdPort, string user, string password, string image)
    {
        var driver = Path.Combine(Path.GetFullPath(driverPath), "Nfp.Drivers.Pop.dll");
        if (!File.Exists(driver))
        {
            throw new BenchException($"No Nfp.Drivers.Pop.dll in '{driverPath}': dotnet publish Drivers/Nfp.Drivers.Pop -c Release -o DIR.");
        }
        return new Dictionary<string, string>
        {
            [$"LifecycleDrivers__{vendor}__Assembly"] = driver,
            [$"LifecycleDrivers__{vendor}__Type"] = "Nfp.Drivers.Pop.PopLifecycleDriver",
            [$"LifecycleDrivers__{vendor}__Settings__Address"] = $"http://127.0.0.1:{popdPort}",
            [$"LifecycleDrivers__{vendor}__Settings__Username"] = user,
            [$"LifecycleDrivers__{vendor}__Settings__Password"] = password,
            [$"LifecycleDrivers__{vendor}__Settings__Image"] = image,
        };
    }
}
