using Nfp.Schema.Resources;

namespace Nfp.NetworkServiceManager.Orchestration;

/// <summary>
/// What a step runs with: its operation (whose <see cref="Operation.StepAttempts"/> says how often the step
/// ran before), the network service it acts on, the instance the step runs for and all the service's
/// instances (one, or an active-standby pair) as they were when the step began, and a token that ends at
/// the step's deadline. A step of an instance (<see cref="Steps.OfInstance"/>) runs once for each.
/// </summary>
internal sealed record StepContext(
    Operation Operation, NetworkService Service, NetworkServiceInstance Instance, IReadOnlyList<NetworkServiceInstance> Instances,
    CancellationToken CancellationToken)
{
    /// <summary>The other instance of an active-standby pair (null for a lone instance).</summary>
    public NetworkServiceInstance? Peer => Instances.FirstOrDefault(i => i.Id != Instance.Id);
}
