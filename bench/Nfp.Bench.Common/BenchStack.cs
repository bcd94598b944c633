using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Nfp.NodeDriver;
using Nfp.Pop.Client;
using Nfp.Pop.Protocol;

namespace Nfp.Bench;

/// <summary>
/// What a run of the manager's benches stands on: popd and the manager as published processes, each on
/// a database of its own; the run's Pop networks; the node driver's bus in this process, on the run's
/// queue prefix. Disposing it removes all of it, also after a failure, each step on its own: what the
/// bench deferred (last first), the Docker containers the bench made itself (<see cref="RunLabel"/>),
/// the manager, the bus, popd's containers and networks, popd, whatever Docker still holds of popd's,
/// the databases and the run's queues.
/// </summary>
public sealed class BenchStack : IAsyncDisposable
{
    /// <summary>The label a bench puts on what it makes with Docker itself, so that clean-up finds it: <c>nfp.bench=RUN</c>.</summary>
    public const string RunLabel = "nfp.bench";

    private const string PopUser = "bench";

    private readonly string _popPassword = RandomNumberGenerator.GetHexString(32, lowercase: true);
    private readonly int _popdPort = DaemonProcess.FreePort();
    private readonly int _managerPort = DaemonProcess.FreePort();
    private readonly List<string> _networks = [];
    private readonly List<BenchDatabase> _databases = [];
    private readonly Stack<Func<Task>> _deferred = new();
    private DaemonProcess? _popd;
    private DaemonProcess? _manager;
    private ServiceProvider? _nodeDriver;

    /// <param name="kind">Two letters that start the run's id, telling the benches' leftovers apart (<c>nm</c>, <c>nc</c>).</param>
    public BenchStack(string kind)
    {
        RunId = $"{kind}{RandomNumberGenerator.GetHexString(10, lowercase: true)}";
        Pop = PopClient.For(new PopClientOptions($"http://127.0.0.1:{_popdPort}", PopUser, _popPassword));
    }

    /// <summary>The run's id: popd's PopName, the queue prefix, the start of every name the run makes.</summary>
    public string RunId { get; }

    public PopClient Pop { get; }

    /// <summary>popd's default network, the devices' management network.</summary>
    public string ManagementNetwork => $"{RunId}-private";

    /// <summary>The manager's database, for reading what it recorded (operation_steps).</summary>
    public BenchDatabase ManagerDatabase { get; private set; } = null!;

    /// <summary>The manager's REST API, on loopback.</summary>
    public Uri ManagerUrl => new($"http://127.0.0.1:{_managerPort}/");

    /// <summary>The manager's process, e.g. for its id.</summary>
    public DaemonProcess Manager => _manager ?? throw new InvalidOperationException("The manager is not started.");

    public IServiceProvider NodeDriver => _nodeDriver ?? throw new InvalidOperationException("The node driver's bus is not started.");

    public INetworkServiceClient Client => NodeDriver.GetRequiredService<INetworkServiceClient>();

    /// <summary>Starts popd (published at <paramref name="path"/>) with the run's id as its PopName and its default network <see cref="ManagementNetwork"/>.</summary>
    public async Task StartPopdAsync(string path, CancellationToken cancellationToken)
    {
        var database = await CreateDatabaseAsync(cancellationToken);
        _popd = await PopdDaemon.StartAsync(path, _popdPort, new Dictionary<string, string>
        {
            ["ConnectionStrings__Postgres"] = database.ConnectionString,
            ["POPD_AUTH"] = $"{PopUser}:{_popPassword}",
            ["Popd__PopName"] = RunId,
            ["Popd__DefaultNetwork"] = ManagementNetwork,
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
        }, Path.Combine(Path.GetTempPath(), $"{RunId}-popd.log"), Pop, cancellationToken);
    }

    /// <summary>A Pop network <c>RUN-ROLE</c> on a free /24 (<see cref="PopNetworks"/>); returns its name and that /24.</summary>
    public async Task<(string Name, string Cidr)> CreateNetworkAsync(string role, CancellationToken cancellationToken)
    {
        var name = $"{RunId}-{role}";
        var cidr = await PopNetworks.CreateAsync(Pop, name, cancellationToken);
        _networks.Add(name);
        return (name, cidr);
    }

    /// <summary>
    /// Starts the manager (published at <paramref name="path"/>) with the Pop lifecycle driver (published
    /// at <paramref name="driverPath"/>) as <paramref name="vendor"/>, making devices of <paramref name="image"/>
    /// against this popd, plus <paramref name="settings"/>.
    /// </summary>
    public Task StartManagerAsync(
        string path, string driverPath, string vendor, string image, IReadOnlyDictionary<string, string> settings, CancellationToken cancellationToken)
    {
        var environment = ManagerDaemon.PopDriver(vendor, driverPath, _popdPort, PopUser, _popPassword, image);
        foreach (var (key, value) in settings)
        {
            environment[key] = value;
        }
        return StartManagerAsync(path, environment, [], cancellationToken);
    }

    /// <summary>
    /// Starts the manager (published at <paramref name="path"/>) with <paramref name="settings"/> only: no
    /// lifecycle driver, for a bench of what makes no device (lists). It has migrated its database when this
    /// returns. Without devices there is no configurator: its health check is not waited for.
    /// </summary>
    public Task StartManagerAsync(string path, IReadOnlyDictionary<string, string> settings, CancellationToken cancellationToken) =>
        StartManagerAsync(path, settings, ["configurator"], cancellationToken);

    private async Task StartManagerAsync(
        string path, IReadOnlyDictionary<string, string> settings, IReadOnlyCollection<string> absent, CancellationToken cancellationToken)
    {
        ManagerDatabase = await CreateDatabaseAsync(cancellationToken);
        _manager = await ManagerDaemon.StartAsync(path, RunId, _managerPort, ManagerDatabase, settings, absent, cancellationToken);
    }

    public async Task StartNodeDriverAsync(Action<NodeDriverOptions>? configure = null) =>
        _nodeDriver = await NodeDriverBus.StartAsync(RunId, configure);

    /// <summary>Something the bench made beside the stack, removed first when the stack is disposed (the last deferred first).</summary>
    public void Defer(Func<Task> cleanUp) => _deferred.Push(cleanUp);

    public async ValueTask DisposeAsync()
    {
        while (_deferred.TryPop(out var cleanUp))
        {
            await Cleanup.QuietlyAsync(cleanUp);
        }
        // The bench's own containers first: they may be on popd's networks, which go below.
        await Cleanup.QuietlyAsync(() => DockerLeftovers.RemoveAsync($"{RunLabel}={RunId}"));
        await Cleanup.QuietlyAsync(async () => await (_manager?.DisposeAsync() ?? ValueTask.CompletedTask));
        await Cleanup.QuietlyAsync(() => NodeDriverBus.StopAsync(_nodeDriver));
        if (_popd is not null)
        {
            await Cleanup.QuietlyAsync(() => PopContainers.DeleteAllAsync(Pop, CancellationToken.None));
            foreach (var network in _networks)
            {
                await Cleanup.QuietlyAsync(() => Pop.DeleteNetworkAsync(new Filter { Name = network }, CancellationToken.None));
            }
            await Cleanup.QuietlyAsync(() => _popd.DisposeAsync().AsTask());
        }
        await Cleanup.QuietlyAsync(() => DockerLeftovers.RemoveAsync($"nfp.pop={RunId}"));
        foreach (var database in _databases)
        {
            await Cleanup.QuietlyAsync(database.DropAsync);
        }
        await Cleanup.QuietlyAsync(() => RabbitQueues.DeleteAsync(RunId));
    }

    private async Task<BenchDatabase> CreateDatabaseAsync(CancellationToken cancellationToken)
    {
        var database = await BenchDatabase.CreateAsync(cancellationToken);
        _databases.Add(database);
        return database;
    }
}
