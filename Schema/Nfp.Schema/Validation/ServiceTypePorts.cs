using FluentValidation.Results;
using Nfp.Schema.Json;
using Nfp.Schema.Resources;
using Nfp.Schema.Rpc;

namespace Nfp.Schema.Validation;

/// <summary>
/// The ports each service type needs (docs/rpc.md): one consumer port — the side its clients come from, a
/// load balancer's VIP — and provider ports — the side it serves: exactly one for a firewall and a VPN
/// (gateways between two networks), one or more for a load balancer (its members' networks). A port is
/// consumer or provider: NFP makes the device's management interface itself, on the lifecycle driver's
/// management network.
/// </summary>
public static class ServiceTypePorts
{
    /// <summary>How many provider ports a <paramref name="type"/> service takes: at least, and at most.</summary>
    public static (int Min, int Max) Providers(ServiceType type) => type == ServiceType.Loadbalancer ? (1, Limits.PortInfo) : (1, 1);

    /// <summary>What is wrong with the ports of a create of a <paramref name="type"/> service; empty when nothing is.</summary>
    public static IEnumerable<ValidationFailure> Check(ServiceType type, IReadOnlyList<PortInfoRequest> ports)
    {
        for (var i = 0; i < ports.Count; i++)
        {
            if (ports[i]?.PortClassification is PortClassification.Management or PortClassification.Monitoring)
            {
                yield return new ValidationFailure($"port_info[{i}].port_classification",
                    $"'port_info[{i}].port_classification' must be consumer or provider: NFP makes the device's management interface itself.")
                    { ErrorCode = FieldErrorCodes.Invalid };
            }
        }
        var consumers = ports.Count(p => p?.PortClassification == PortClassification.Consumer);
        var providers = ports.Count(p => p?.PortClassification == PortClassification.Provider);
        var (min, max) = Providers(type);
        if (consumers != 1 || providers < min || providers > max)
        {
            var wanted = min == max ? $"{min} provider port" : $"{min} or more provider ports";
            yield return new ValidationFailure("port_info",
                $"A {NfpJson.WireName(type)} service takes 1 consumer port and {wanted}; 'port_info' has {consumers} consumer and {providers} provider.")
                { ErrorCode = FieldErrorCodes.Invalid };
        }
    }
}
