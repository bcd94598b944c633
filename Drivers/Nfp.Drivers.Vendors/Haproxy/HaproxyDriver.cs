using System.Globalization;
using System.Text;
using Microsoft.Extensions.Configuration;
using Nfp.Drivers.Vendors.Agent;
using Nfp.Schema.Configurator;

namespace Nfp.Drivers.Vendors.Haproxy;

/// <summary>
/// The haproxy vendor driver (devices of image nfp/haproxy): a <c>loadbalancer</c> resource becomes a
/// whole haproxy.cfg — one frontend on the VIP, one backend with the members — that the device's agent
/// checks with <c>haproxy -c</c> and reloads without dropping established connections. The frontend binds
/// the VIP <c>transparent</c>ly (the device has NET_ADMIN): the standby of an active-standby pair listens on
/// it before keepalived gives it the address, so that it serves the moment it becomes MASTER. Removing it puts
/// the device back to its idle config.
/// </summary>
public sealed class HaproxyDriver(IConfiguration settings)
    : DeviceAgentDriver<LoadBalancerData>(settings, ConfigResourceKind.Loadbalancer, new LoadBalancerDataValidator())
{
    protected override string FunctionPart => "haproxy";

    /// <summary>The config: the device's global part as in its idle config, then the service.</summary>
    protected override string Render(LoadBalancerData lb)
    {
        var mode = lb.Listener.Protocol == ListenerProtocol.Http ? "http" : "tcp";
        var check = lb.Pool.HealthCheck;
        var config = new StringBuilder();
        config.Append(CultureInfo.InvariantCulture, $"""
            # Rendered by NFP's haproxy vendor driver; the device agent replaces it whole.
            global
                log stdout format raw local0 info
                stats socket /run/haproxy-admin.sock mode 600 level admin
                hard-stop-after 30s

            defaults
                log global
                mode {mode}
                timeout connect 5s
                timeout client 30s
                timeout server 30s

            frontend vip
                bind {HostPort(lb.Listener.Address, lb.Listener.Port)} transparent
                default_backend pool

            backend pool
                balance {Balance(lb.Pool.LbMethod)}

            """);
        if (check?.Type == HealthCheckType.Http)
        {
            config.Append(CultureInfo.InvariantCulture, $"    option httpchk GET {check.Path}\n");
        }
        if (check is not null)
        {
            config.Append(CultureInfo.InvariantCulture, $"    default-server check inter {check.IntervalMs}ms rise {check.Rise} fall {check.Fall}\n");
        }
        for (var i = 0; i < lb.Members.Count; i++)
        {
            config.Append(CultureInfo.InvariantCulture, $"    server member{i} {HostPort(lb.Members[i].Address, lb.Members[i].Port)}\n");
        }
        return config.ToString();
    }

    private static string Balance(LbMethod method) => method switch
    {
        LbMethod.LeastConnections => "leastconn",
        LbMethod.SourceIp => "source",
        _ => "roundrobin",
    };

    // haproxy takes the port after the last colon, so an IPv6 address needs no brackets.
    private static string HostPort(string address, int port) => $"{address}:{port.ToString(CultureInfo.InvariantCulture)}";
}
