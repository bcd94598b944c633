using Nfp.Schema.Configurator;
using Nfp.Schema.Rpc;

namespace Nfp.Schema.Resources;

// What an operation carried beyond the network service's id, kept as its parameters (a JSON object):
// one record per kind that carries something. Update, delete and monitor carry nothing.

/// <summary>create: the provider group's members the service starts with (its policy_targets).</summary>
public sealed record CreateParameters(IReadOnlyList<PolicyTarget> PolicyTargets);

/// <summary>pt_add and pt_remove: the policy target that joined or left the provider group.</summary>
public sealed record PolicyTargetChange(PolicyTarget PolicyTarget);

/// <summary>consumer_add and consumer_remove: the group that started or stopped consuming the chain.</summary>
public sealed record ConsumerPtgChange(PolicyTargetGroup ConsumerPtg);

/// <summary>chain_params: the chain's new parameter values.</summary>
public sealed record ChainParametersChange(IReadOnlyDictionary<string, string> ChainParameters);

/// <summary>heal (automatic): what the configurator's health monitor told of a device the service is rendered on (and, in a pair, its HA state).</summary>
public sealed record NsdHealthChange(Guid NsdId, NsdHealth Health, string Reason, HaState? HaState = null);

/// <summary>
/// failover: the device to replace, as it was when its failover was decided (its provider metadata: the
/// failover of a sibling service that finds other metadata knows the device was replaced already; empty:
/// replace nothing, follow the failover of a sibling), and why.
/// </summary>
public sealed record FailoverParameters(Guid NsdId, IReadOnlyDictionary<string, string> Replacing, string Reason);
