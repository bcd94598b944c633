namespace Nfp.NetworkServiceManager.Orchestration;

/// <summary>How a step ended, and so what the worker records for its operation.</summary>
internal abstract record StepOutcome
{
    /// <summary>
    /// Done: go on to <paramref name="Step"/>, or to the step after this one in the graph when null;
    /// <paramref name="Detail"/> is what the step's record should say beyond that (a failure it went past).
    /// </summary>
    public sealed record Next(string? Step = null, string Detail = "") : StepOutcome;

    /// <summary>
    /// Not yet (a device still starting, a configurator call unanswered): run this step again after
    /// <paramref name="After"/> — or at once when the configurator's answer to <paramref name="Awaiting"/>
    /// is in, even if it came while this step was still running.
    /// </summary>
    public sealed record Retry(TimeSpan After, string Reason = "", Schema.Configurator.ConfiguratorMethod? Awaiting = null) : StepOutcome;

    /// <summary>The operation cannot finish: it fails, and the service goes to ERROR with <paramref name="Reason"/>.</summary>
    public sealed record Fail(string Reason) : StepOutcome;

    /// <summary>The last step is done, and marked its operation COMPLETED with the service's final status.</summary>
    public sealed record Completed : StepOutcome;
}
