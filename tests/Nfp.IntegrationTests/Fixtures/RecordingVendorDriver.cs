using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Nfp.Schema.Configurator;
using Nfp.Schema.Drivers;
using Nfp.Schema.Validation;

namespace Nfp.IntegrationTests.Fixtures;

/// <summary>
/// A vendor driver for the configurator's tests, loaded as a plugin like a real one: it records every
/// change it is asked to apply, fails one whose data has <c>fail_with</c> (with that reason), checks a
/// loadbalancer's <c>members[].address</c> (an IP) and <c>members[].port</c> (1–65535), and probes a
/// device by connecting to TCP port <c>Settings:ProbePort</c> at its management address.
/// </summary>
public sealed class RecordingVendorDriver(IConfiguration settings) : IVendorDriver
{
    /// <summary>Every change applied, by any instance, oldest first.</summary>
    public static ConcurrentQueue<DeviceChange> Applied { get; } = new();

    private readonly int _probePort = int.Parse(settings["ProbePort"] ?? "0", System.Globalization.CultureInfo.InvariantCulture);

    public IReadOnlySet<ConfigResourceKind> Resources { get; } = new HashSet<ConfigResourceKind>
    {
        ConfigResourceKind.Interfaces, ConfigResourceKind.Routes, ConfigResourceKind.Loadbalancer, ConfigResourceKind.Firewall,
    };

    public IReadOnlyList<FieldError> Check(ConfigResource resource)
    {
        var errors = new List<FieldError>();
        if (resource.Resource != ConfigResourceKind.Loadbalancer || !resource.ResourceData.TryGetProperty("members", out var members))
        {
            return errors;
        }
        var i = 0;
        foreach (var member in members.EnumerateArray())
        {
            if (!member.TryGetProperty("address", out var address) || !IPAddress.TryParse(address.GetString(), out _))
            {
                errors.Add(new FieldError($"members[{i}].address", FieldErrorCodes.Malformed, "Not an IP address."));
            }
            if (!member.TryGetProperty("port", out var port) || port.GetInt32() is < 1 or > 65535)
            {
                errors.Add(new FieldError($"members[{i}].port", FieldErrorCodes.OutOfRange, "A port is from 1 to 65535."));
            }
            i++;
        }
        return errors;
    }

    public Task ApplyAsync(DeviceChange change, CancellationToken cancellationToken)
    {
        if (change.Resource.ResourceData.TryGetProperty("fail_with", out var reason))
        {
            throw new VendorDriverException(reason.GetString()!);
        }
        Applied.Enqueue(change);
        return Task.CompletedTask;
    }

    public async Task<NsdProbe> ProbeAsync(string mgmtIpAddress, Guid nsdId, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Parse(mgmtIpAddress), _probePort, cancellationToken);
            return new NsdProbe(true);
        }
        catch (SocketException)
        {
            return NsdProbe.Silent;
        }
    }

    /// <summary>The changes applied to the device <paramref name="nsdId"/>, oldest first.</summary>
    public static IReadOnlyList<DeviceChange> AppliedTo(Guid nsdId) => Applied.Where(c => c.Context.NsdId == nsdId).ToList();

    /// <summary>A resource with this data, as JSON.</summary>
    public static ConfigResource Resource(ConfigResourceKind kind, object data) =>
        new(kind, JsonSerializer.SerializeToElement(data, Schema.Json.NfpJson.Options));
}
