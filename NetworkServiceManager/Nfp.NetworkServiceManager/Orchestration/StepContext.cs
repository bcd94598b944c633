using Nfp.Schema.Resources;

namespace Nfp.NetworkServiceManager.Orchestration;

/// <summary>
/// What a step runs with: its operation (whose <see cref="Operation.StepAttempts"/> says how often the step
/// ran before), the network service it acts on and the service's instance as they were when the step
/// began, and a token that ends at the step's deadline.
/// </summary>
internal sealed record StepContext(Operation Operation, NetworkService Service, NetworkServiceInstance Instance, CancellationToken CancellationToken)
{
    public bool IsFirstAttempt => Operation.StepAttempts == 0;
}
