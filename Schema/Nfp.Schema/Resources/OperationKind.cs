using System.Text.Json.Serialization;

namespace Nfp.Schema.Resources;

/// <summary>What an <see cref="Operation"/> does; one kind per node-driver write and per self-healing action.</summary>
public enum OperationKind
{
    [JsonStringEnumMemberName("create")] Create,
    [JsonStringEnumMemberName("update")] Update,
    [JsonStringEnumMemberName("delete")] Delete,
    [JsonStringEnumMemberName("heal")] Heal,
    [JsonStringEnumMemberName("failover")] Failover,
    [JsonStringEnumMemberName("pt_add")] PtAdd,
    [JsonStringEnumMemberName("pt_remove")] PtRemove,
    [JsonStringEnumMemberName("consumer_add")] ConsumerAdd,
    [JsonStringEnumMemberName("consumer_remove")] ConsumerRemove,
    [JsonStringEnumMemberName("chain_params")] ChainParams,

    /// <summary>Automatic: the service's health monitor created again, for a configurator that restarted and lost it.</summary>
    [JsonStringEnumMemberName("monitor")] Monitor,
}
