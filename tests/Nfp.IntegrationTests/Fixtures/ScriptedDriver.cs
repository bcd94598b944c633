using System.Collections.Concurrent;
using System.Text.Json;
using Nfp.Schema.Configurator;
using Nfp.Schema.Drivers;
using Nfp.Schema.Resources;

namespace Nfp.IntegrationTests.Fixtures;

/// <summary>
/// What a <see cref="ScriptedDriver"/> does, set by a test: every call is recorded (method and service
/// name) and may be held or made to fail. The manager injects it into the driver by its constructor, as
/// it does any service a vendor's driver asks for.
/// </summary>
public sealed class DriverScript
{
    private readonly ConcurrentQueue<(string Method, string Service)> _calls = new();

    /// <summary>Runs before each call (method, service name): wait on a gate, throw, or do nothing.</summary>
    public Func<string, string, Task> Before { get; set; } = (_, _) => Task.CompletedTask;

    /// <summary>The device status get_nsd_status reports for a service name.</summary>
    public Func<string, NsdStatus> Status { get; set; } = _ => new NsdStatus(NsdState.Active);

    public IReadOnlyList<string> CallsOf(string service) => _calls.Where(c => c.Service == service).Select(c => c.Method).ToList();

    internal async Task RecordAsync(string method, string service)
    {
        _calls.Enqueue((method, service));
        await Before(method, service);
    }
}

/// <summary>
/// A lifecycle driver that does what its <see cref="DriverScript"/> says, on no real device; without a
/// script in the manager's services it renders every service at once.
/// </summary>
public sealed class ScriptedDriver(DriverScript? script = null) : ILifecycleDriver
{
    private readonly DriverScript _script = script ?? new DriverScript();

    private readonly ConcurrentDictionary<Guid, string> _serviceOfDevice = new();

    public NsdSharingInfo GetNsdSharingInfo(NsdRequest request) => new(4, true);

    public Task<IReadOnlyList<Schema.Validation.FieldError>> CheckPortsAsync(IReadOnlyList<PortInfo> ports, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Schema.Validation.FieldError>>([]);

    public async Task<NetworkServiceDevice?> SelectNsdAsync(NsdRequest request, IReadOnlyList<NetworkServiceDevice> candidates, CancellationToken cancellationToken)
    {
        await _script.RecordAsync("select_nsd", request.Service.Name);
        return candidates.Count > 0 ? candidates[0] : null;
    }

    public async Task<NsdCreated> CreateNsdAsync(NsdRequest request, NetworkServiceDevice device, CancellationToken cancellationToken)
    {
        _serviceOfDevice[device.Id] = request.Service.Name;
        await _script.RecordAsync("create_nsd", request.Service.Name);
        return new NsdCreated("192.0.2.1", new Dictionary<string, string> { ["scripted"] = device.Id.ToString() });
    }

    /// <summary>No test gives the scripted vendor a spare pool.</summary>
    public Task<NsdCreated> CreateSpareNsdAsync(ServiceType serviceType, NetworkServiceDevice device, CancellationToken cancellationToken) =>
        throw new NotSupportedException("The scripted driver keeps no spares.");

    public async Task<NsdStatus> GetNsdStatusAsync(NetworkServiceDevice device, CancellationToken cancellationToken)
    {
        await _script.RecordAsync("get_nsd_status", Of(device));
        return _script.Status(Of(device));
    }

    public async Task<PluggedInterface> PlugNsdInterfaceAsync(
        NetworkServiceDevice device, PortInfo port, int position, string? virtualIpAddress, CancellationToken cancellationToken)
    {
        await _script.RecordAsync("plug_nsd_interface", Of(device));
        // At the port's fixed address if it has one, as a real driver plugs it.
        var address = port.IpAddress.Length > 0 ? port.IpAddress : $"192.0.2.{10 + position}";
        return new PluggedInterface($"if{position}", address, $"{address[..address.LastIndexOf('.')]}.0/24", $"02:00:00:00:00:{position:x2}");
    }

    public Task UnplugNsdInterfaceAsync(NetworkServiceDevice device, PortInfo port, CancellationToken cancellationToken) =>
        _script.RecordAsync("unplug_nsd_interface", Of(device));

    public Task DeleteNsdAsync(NetworkServiceDevice device, CancellationToken cancellationToken) => _script.RecordAsync("delete_nsd", Of(device));

    public Task WatchNsdsAsync(Func<NsdDeath, Task> died, CancellationToken cancellationToken) => Task.CompletedTask;

    public IReadOnlyList<ConfigResource> GetNsdHealthcheckInfo(NetworkServiceDevice device) => [Resource(ConfigResourceKind.Healthmonitor)];

    public IReadOnlyList<ConfigResource> GetNsdConfigInfo(NetworkServiceDevice device, IReadOnlyList<PluggedPort> ports, NsdPeer? peer) =>
        [Resource(ConfigResourceKind.Interfaces)];

    public IReadOnlyList<ConfigResource> GetNetworkServiceConfigInfo(
        NetworkService service, NetworkServiceDevice device, IReadOnlyList<PluggedPort> ports, IReadOnlyList<Schema.Rpc.PolicyTarget> members,
        Operation operation) => [Resource(ConfigResourceKind.Firewall)];

    private string Of(NetworkServiceDevice device) => _serviceOfDevice.GetValueOrDefault(device.Id, device.Name);

    private static ConfigResource Resource(ConfigResourceKind kind) => new(kind, JsonSerializer.SerializeToElement(new { }));
}
