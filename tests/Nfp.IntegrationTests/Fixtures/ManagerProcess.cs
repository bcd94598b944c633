using System.Net.Http.Json;
using System.Text.Json;

namespace Nfp.IntegrationTests.Fixtures;

/// <summary>
/// The Network Service Manager as a real process (the build's own executable), for tests that kill it
/// with SIGKILL and start it again, or run several instances against one database and broker.
/// </summary>
public sealed class ManagerProcess(string connectionString, string queuePrefix, IReadOnlyDictionary<string, string> settings, string instanceName)
{
    private DaemonProcess? _process;

    public string InstanceName { get; } = instanceName;

    public string Log => _process?.Log ?? "";

    /// <summary>Starts the manager and waits until its /healthz says PostgreSQL is Healthy (the database migrated, the host started).</summary>
    public async Task StartAsync()
    {
        var port = DaemonProcess.FreePort();
        var environment = settings.ToDictionary(pair => pair.Key.Replace(":", "__", StringComparison.Ordinal), pair => (string?)pair.Value);
        environment["ConnectionStrings__Postgres"] = connectionString;
        environment["ConnectionStrings__RabbitMq"] = NfpEnvironment.RabbitMq;
        environment["Rpc__QueuePrefix"] = queuePrefix;
        environment["Orchestration__InstanceName"] = InstanceName;
        _process = DaemonProcess.Start("Nfp.NetworkServiceManager", ["--urls", $"http://127.0.0.1:{port}"], environment);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!await HealthyAsync(http))
        {
            if (_process.HasExited || clock.Elapsed > TimeSpan.FromSeconds(60))
            {
                throw new InvalidOperationException($"The manager did not come up:\n{Log}");
            }
            await Task.Delay(100);
        }
    }

    public Task KillAsync() => _process?.KillAsync() ?? Task.CompletedTask;

    private static async Task<bool> HealthyAsync(HttpClient http)
    {
        try
        {
            var health = await http.GetFromJsonAsync<JsonElement>("/healthz");
            return health.GetProperty("checks").GetProperty("postgres").GetProperty("status").GetString() == "Healthy";
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }
}
