using System.Text.Json.Serialization;

namespace Nfp.Schema.Resources;

/// <summary>
/// Where an <see cref="Operation"/> is, after Tacker's operation states. FAILED_TEMP is a failure an
/// operator may retry (back to PROCESSING) or give up on (FAILED).
/// </summary>
public enum OperationState
{
    [JsonStringEnumMemberName("STARTING")] Starting,
    [JsonStringEnumMemberName("PROCESSING")] Processing,
    [JsonStringEnumMemberName("COMPLETED")] Completed,
    [JsonStringEnumMemberName("FAILED_TEMP")] FailedTemp,
    [JsonStringEnumMemberName("FAILED")] Failed,
}
