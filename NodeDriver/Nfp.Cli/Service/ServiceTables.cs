using System.Globalization;
using Nfp.Cli.Output;
using Nfp.Schema.Json;
using Nfp.Schema.Resources;
using Nfp.Schema.Rpc;

namespace Nfp.Cli.Service;

/// <summary>
/// The table columns of the manager's answers. On a narrow terminal a list first drops WHY and TENANT,
/// then cuts the ID (<c>show</c>, which takes a name as well, and <c>-f json</c> give it whole), then drops
/// OPERATING and VENDOR, cuts the NAME and drops the TYPE; STATUS always stays.
/// </summary>
internal static class ServiceTables
{
    public static readonly CliTable<NetworkService> Services = new(
        (CliColumn.Cut("ID", 3, shortest: 9), s => s.Id.ToString()),
        (CliColumn.Cut("NAME", 6, shortest: 12), s => s.Name),
        (CliColumn.Detail("DESCRIPTION"), s => s.Description),
        (CliColumn.Dropped("TYPE", 7), s => NfpJson.WireName(s.ServiceType)),
        (CliColumn.Dropped("VENDOR", 5), s => s.ServiceVendor),
        (CliColumn.Kept("STATUS"), s => NfpJson.WireName(s.ProvisioningStatus)),
        (CliColumn.Dropped("OPERATING", 4), s => NfpJson.WireName(s.OperatingStatus)),
        (CliColumn.Dropped("TENANT", 2), s => s.TenantId.ToString()),
        (CliColumn.Dropped("WHY", 1), s => s.StatusDescription),
        (CliColumn.Detail("SERVICE"), s => s.ServiceId.ToString()),
        (CliColumn.Detail("CHAIN"), s => s.ServiceChainId?.ToString() ?? ""),
        (CliColumn.Detail("SHARING"), s => s.AllowSharing ? "yes" : "no"),
        (CliColumn.Detail("TOPOLOGY"), s => NfpJson.WireName(s.Topology)),
        (CliColumn.Detail("CONFIG"), s => s.ServiceConfig.GetRawText()),
        (CliColumn.Detail("CREATED"), s => Time(s.CreatedAt)),
        (CliColumn.Detail("UPDATED"), s => Time(s.UpdatedAt)));

    /// <summary>
    /// One service as <c>show</c> (and <c>--wait</c>) print it: every field of the service, then what NFP
    /// allocated — the VIP, a PORT line per port (classification, network, address/prefix, MAC), a DEVICE
    /// line per device (id, management address, statuses, and in an active-standby pair its instance's
    /// HA state) and the MEMBERS.
    /// </summary>
    public static readonly CliRecord<NetworkServiceDetail> Detail = new(d => Services.Record.Fields(d.NetworkService)
        .Append(("VIP", d.VipAddress))
        .Concat(d.Ports.Select(p => ("PORT", string.Join(' ', new[]
        {
            NfpJson.WireName(p.PortClassification), p.Network,
            p.Cidr.Length > 0 ? $"{p.IpAddress}/{p.Cidr.Split('/')[1]}" : p.IpAddress, p.Mac,
        }.Where(part => part.Length > 0)))))
        .Concat(d.Devices.Select(device => ("DEVICE",
            $"{device.Id} {device.MgmtIpAddress} {NfpJson.WireName(device.ProvisioningStatus)}/{NfpJson.WireName(device.OperatingStatus)}"
            + (d.Instances.FirstOrDefault(i => i.NsdId == device.Id) is { HaState: not HaState.None } instance ? $" {NfpJson.WireName(instance.HaState)}" : ""))))
        .Append(("MEMBERS", string.Join(", ", d.Members.Select(m => m.Name.Length > 0 ? $"{m.Name}={m.IpAddress}" : m.IpAddress)))));

    public static readonly CliRecord<NetworkServiceAccepted> Accepted = new(a =>
    [
        ("ID", a.NetworkServiceId.ToString()),
        ("STATUS", NfpJson.WireName(a.ProvisioningStatus)),
        ("OPERATION", a.OperationId.ToString()),
    ]);

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
