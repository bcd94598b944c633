using System.Text.Json.Serialization;

namespace Nfp.Schema.Configurator;

/// <summary>How a configurator method ended.</summary>
public enum ConfigResult
{
    [JsonStringEnumMemberName("success")] Success,
    [JsonStringEnumMemberName("failure")] Failure,
}
