using System.Globalization;
using System.Text;
using Nfp.Schema.Configurator;

namespace Nfp.Drivers.Vendors.Agent;

/// <summary>
/// The agent's <c>vrrp</c> part: a keepalived.conf for the device's VRRP instance — VRRPv3 (sub-second
/// adverts), unicast to its peer over the management interface (eth0), both devices BACKUP and
/// non-preempting, the virtual addresses on the interfaces named by MAC (<c>dev mac:…</c>, which the
/// agent's apply-vrrp resolves), and the agent's notify script keeping the state the health probe reports.
/// </summary>
internal static class KeepalivedConfig
{
    public static string Render(VrrpData vrrp)
    {
        var config = new StringBuilder();
        config.Append(CultureInfo.InvariantCulture, $$"""
            # Rendered by NFP's vendor driver for the device at {{vrrp.MgmtIpAddress}}; the agent replaces it whole.
            global_defs {
                router_id nfp-{{vrrp.MgmtIpAddress}}
                vrrp_version 3
                script_user root
                enable_script_security
                vrrp_garp_master_delay 0
                vrrp_garp_master_repeat 3
            }

            vrrp_instance nfp {
                state BACKUP
                nopreempt
                interface eth0
                virtual_router_id {{vrrp.VirtualRouterId}}
                priority {{vrrp.Priority}}
                advert_int {{(vrrp.AdvertIntervalMs / 1000.0).ToString("0.0#", CultureInfo.InvariantCulture)}}
                unicast_src_ip {{vrrp.MgmtIpAddress}}
                unicast_peer {
                    {{vrrp.PeerIpAddress}}
                }
                virtual_ipaddress {

            """);
        foreach (var address in vrrp.VirtualAddresses)
        {
            config.Append(CultureInfo.InvariantCulture, $"        {address.IpAddress}/{address.Cidr.Split('/')[1]} dev mac:{address.Mac.ToLowerInvariant()}\n");
        }
        config.Append("""
                }
                notify /usr/local/lib/nfp-agent/vrrp-notify
            }

            """);
        return config.ToString();
    }
}
