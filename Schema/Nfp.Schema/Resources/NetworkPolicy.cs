using System.Text.Json.Serialization;

namespace Nfp.Schema.Resources;

/// <summary>What kind of object a <see cref="NetworkInfo"/> id names.</summary>
public enum NetworkPolicy
{
    [JsonStringEnumMemberName("neutron_network")] NeutronNetwork,
    [JsonStringEnumMemberName("gbp_group")] GbpGroup,
}
