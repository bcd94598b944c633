using System.Globalization;
using System.Text;
using Microsoft.Extensions.Configuration;
using Nfp.Drivers.Vendors.Agent;
using Nfp.Schema.Configurator;

namespace Nfp.Drivers.Vendors.Iptables;

/// <summary>
/// The iptables vendor driver (devices of image nfp/iptables-fw, a firewall in gateway mode): a
/// <c>firewall</c> resource becomes the device's whole filter table — FORWARD policy DROP, replies to
/// allowed traffic accepted, then the rules in order — which the device's agent checks with
/// <c>iptables-restore --test</c> and swaps in at once. Removing it goes back to forwarding nothing.
/// </summary>
public sealed class IptablesFirewallDriver(IConfiguration settings)
    : DeviceAgentDriver<FirewallData>(settings, ConfigResourceKind.Firewall, new FirewallDataValidator())
{
    protected override string FunctionPart => "firewall";

    /// <summary>The filter table, as iptables-restore input.</summary>
    protected override string Render(FirewallData firewall)
    {
        var table = new StringBuilder("""
            # Rendered by NFP's iptables vendor driver; the device agent replaces the filter table whole.
            *filter
            :INPUT ACCEPT [0:0]
            :FORWARD DROP [0:0]
            :OUTPUT ACCEPT [0:0]
            -A FORWARD -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT

            """);
        foreach (var rule in firewall.Rules)
        {
            table.Append("-A FORWARD");
            if (rule.Protocol != FirewallProtocol.Any)
            {
                table.Append(" -p ").Append(rule.Protocol.ToString().ToLowerInvariant());
            }
            if (rule.SourceCidr.Length > 0)
            {
                table.Append(" -s ").Append(rule.SourceCidr);
            }
            if (rule.DestinationCidr.Length > 0)
            {
                table.Append(" -d ").Append(rule.DestinationCidr);
            }
            if (rule.Port is { } port)
            {
                table.Append(CultureInfo.InvariantCulture, $" --dport {port}");
            }
            table.Append(rule switch
            {
                { Action: FirewallAction.Allow } => " -j ACCEPT\n",
                { Protocol: FirewallProtocol.Tcp } => " -j REJECT --reject-with tcp-reset\n",
                _ => " -j REJECT --reject-with icmp-port-unreachable\n",
            });
        }
        return table.Append("COMMIT\n").ToString();
    }
}
