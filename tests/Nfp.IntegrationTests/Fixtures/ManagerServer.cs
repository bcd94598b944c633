using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Nfp.NetworkServiceManager.Persistence;

namespace Nfp.IntegrationTests.Fixtures;

/// <summary>
/// The manager for one test class, in process, on a fresh database and the real RabbitMQ: its queues
/// carry a prefix of their own, and are deleted afterwards. Unless <see cref="Settings"/> say otherwise,
/// vendor "haproxy" is rendered by the <see cref="ParkedDriver"/>, whose devices never come up.
/// </summary>
public sealed class ManagerServer : IAsyncLifetime
{
    /// <summary>Configuration of this manager beyond its database, broker and queue prefix (e.g. its lifecycle drivers).</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = Parked;

    /// <summary>Vendor "haproxy" rendered by the <see cref="ParkedDriver"/>, and its devices waited for all but for ever; add to a copy for more.</summary>
    public static Dictionary<string, string> Parked => new()
    {
        ["LifecycleDrivers:haproxy:Assembly"] = typeof(ParkedDriver).Assembly.Location,
        ["LifecycleDrivers:haproxy:Type"] = typeof(ParkedDriver).FullName!,
        ["Orchestration:StatusPollMaxTries"] = "1000000",
        ["Orchestration:StepDeadlineSeconds:get_nsd_status"] = "3600",
    };

    private readonly PostgresDatabase _db = new();

    /// <summary>The prefix of this manager's queues: its own unless given (e.g. one whose RabbitMQ users were made, <see cref="ComponentUsers"/>).</summary>
    public string QueuePrefix { get; init; } = $"t{Guid.NewGuid():N}"[..10];

    public WebApplicationFactory<NetworkServiceRepository> Factory { get; private set; } = null!;

    public PostgresDatabase Database => _db;

    /// <summary>
    /// Services to add or replace before the manager starts; setting it also swaps RabbitMQ for
    /// MassTransit's in-memory transport (its test harness), for the unit tests of the orchestration.
    /// </summary>
    public Action<IServiceCollection>? InMemoryWith { get; init; }

    /// <summary>
    /// Serves the operator API on Kestrel at a loopback port rather than on the in-memory test server, for
    /// a test of what only a real HTTP server sees: a NUL or a malformed escape in a path, a body's framing.
    /// </summary>
    public bool OnKestrel { get; init; }

    public async Task InitializeAsync()
    {
        await _db.InitializeAsync();
        Factory = new WebApplicationFactory<NetworkServiceRepository>().WithWebHostBuilder(host =>
        {
            host.UseSetting("ConnectionStrings:Postgres", _db.ConnectionString);
            host.UseSetting("ConnectionStrings:RabbitMq", NfpEnvironment.RabbitMq);
            host.UseSetting("Rpc:QueuePrefix", QueuePrefix);
            host.UseSetting("Auth:BootstrapTokenSha256", NetworkServiceManager.Api.Auth.ApiTokenRepository.Sha256(AdminToken));
            foreach (var (key, value) in Settings)
            {
                host.UseSetting(key, value);
            }
            if (InMemoryWith is { } configure)
            {
                host.ConfigureTestServices(services =>
                {
                    services.AddMassTransitTestHarness();
                    configure(services);
                });
            }
        });
        if (OnKestrel)
        {
            Factory.UseKestrelOnLoopback();
        }
        Factory.CreateClient().Dispose();
        // The bus connects to RabbitMQ in the background; requests and /healthz want it ready.
        var health = await Factory.Services.GetRequiredService<IBusControl>().WaitForHealthStatus(BusHealthStatus.Healthy, TimeSpan.FromSeconds(30));
        Assert.Equal(BusHealthStatus.Healthy, health);
    }

    /// <summary>The bootstrap admin token of this manager's operator API (as deploy/up.sh's operator.env holds one).</summary>
    public string AdminToken { get; } = $"test-admin-{Guid.NewGuid():N}";

    /// <summary>An HTTP client of the operator API with <paramref name="token"/> as its bearer token (the admin's by default).</summary>
    public HttpClient Http(string? token = null)
    {
        var client = Factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token ?? AdminToken);
        return client;
    }

    /// <summary>A request client for the queue the manager takes <typeparamref name="T"/> from.</summary>
    public IRequestClient<T> Client<T>() where T : class =>
        Factory.Services.GetRequiredService<IClientFactory>().CreateRequestClient<T>(
            new Uri($"queue:{Schema.Rpc.RpcQueues.Name<T>(QueuePrefix)}"), RequestTimeout.After(s: 10));

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        if (InMemoryWith is null)
        {
            await DeleteQueuesAsync(QueuePrefix);
        }
        await _db.DisposeAsync();
    }

    /// <summary>Deletes the queues a test's managers made under <paramref name="queuePrefix"/>.</summary>
    public static async Task DeleteQueuesAsync(string queuePrefix)
    {
        var queues = await RabbitMqCtl("list_queues", "-p", "nfp", "--quiet", "name");
        foreach (var queue in queues.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(q => q.StartsWith(queuePrefix, StringComparison.Ordinal)))
        {
            await RabbitMqCtl("delete_queue", "-p", "nfp", queue);
        }
    }

    private static async Task<string> RabbitMqCtl(params string[] args)
    {
        var start = new System.Diagnostics.ProcessStartInfo("rabbitmqctl") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return output;
    }
}
