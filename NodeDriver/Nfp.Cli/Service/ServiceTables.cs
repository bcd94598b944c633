using Nfp.Cli.Output;
using Nfp.Schema.Json;
using Nfp.Schema.Resources;
using Nfp.Schema.Rpc;

namespace Nfp.Cli.Service;

/// <summary>The table columns of the manager's answers.</summary>
internal static class ServiceTables
{
    public static readonly CliTable<NetworkService> Services = CliTable<NetworkService>.RowEach(
        ("ID", s => s.Id.ToString()),
        ("NAME", s => s.Name),
        ("TYPE", s => NfpJson.WireName(s.ServiceType)),
        ("VENDOR", s => s.ServiceVendor),
        ("STATUS", s => NfpJson.WireName(s.ProvisioningStatus)),
        ("OPERATING", s => NfpJson.WireName(s.OperatingStatus)),
        ("TENANT", s => s.TenantId.ToString()),
        ("WHY", s => s.StatusDescription));

    public static readonly CliTable<NetworkServiceAccepted> Accepted = CliTable<NetworkServiceAccepted>.RowEach(
        ("ID", a => a.NetworkServiceId.ToString()),
        ("STATUS", a => NfpJson.WireName(a.ProvisioningStatus)),
        ("OPERATION", a => a.OperationId.ToString()));
}
