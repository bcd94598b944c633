using System.Text.Json.Serialization;

namespace Nfp.Schema.Resources;

/// <summary>
/// Where a resource is in its life, as operators know it from Octavia. Legal moves between values are
/// listed by <see cref="LifeCycles.Provisioning"/>.
/// </summary>
public enum ProvisioningStatus
{
    [JsonStringEnumMemberName("PENDING_CREATE")] PendingCreate,
    [JsonStringEnumMemberName("ACTIVE")] Active,
    [JsonStringEnumMemberName("PENDING_UPDATE")] PendingUpdate,
    [JsonStringEnumMemberName("PENDING_DELETE")] PendingDelete,
    [JsonStringEnumMemberName("ERROR")] Error,
    [JsonStringEnumMemberName("DELETED")] Deleted,
}
