using System.Text.Json.Serialization;

namespace Nfp.Schema.Resources;

/// <summary>What kind of object a <see cref="PortInfo"/> id names.</summary>
public enum PortPolicy
{
    [JsonStringEnumMemberName("neutron_port")] NeutronPort,
    [JsonStringEnumMemberName("gbp_policy_target")] GbpPolicyTarget,
}
