using System.Text.Json.Serialization;

namespace Nfp.Schema.Resources;

/// <summary>The kind of resource an <see cref="Operation"/> acts on.</summary>
public enum ResourceType
{
    [JsonStringEnumMemberName("network_service")] NetworkService,
    [JsonStringEnumMemberName("nsd")] Nsd,
}
