using System.Text.Json.Serialization;

namespace Nfp.Schema.Resources;

/// <summary>Which side of the service a port faces.</summary>
public enum PortClassification
{
    [JsonStringEnumMemberName("provider")] Provider,
    [JsonStringEnumMemberName("consumer")] Consumer,
    [JsonStringEnumMemberName("management")] Management,
    [JsonStringEnumMemberName("monitoring")] Monitoring,
}
