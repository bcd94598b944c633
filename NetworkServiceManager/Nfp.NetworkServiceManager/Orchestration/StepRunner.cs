using Microsoft.Extensions.Options;
using Nfp.NetworkServiceManager.Persistence;
using Nfp.Schema.Drivers;
using Nfp.Schema.Resources;
using Npgsql;

namespace Nfp.NetworkServiceManager.Orchestration;

/// <summary>
/// Runs one step of one operation and records what came of it, so that whoever runs the operation next
/// — this worker, another, or another manager instance after this one was killed — starts from there.
/// Every step has a deadline: a step still unfinished at its deadline fails the operation, and the
/// service goes to ERROR with the reason, so nothing stays PENDING_* for ever.
/// </summary>
internal sealed partial class StepRunner(
    NpgsqlDataSource dataSource,
    Steps steps,
    OperationQueue queue,
    OperationRepository operations,
    NetworkServiceRepository services,
    NetworkServiceInstanceRepository instances,
    NetworkServiceDeviceRepository devices,
    Failovers failovers,
    IOptions<OrchestrationOptions> options,
    TimeProvider clock,
    ILogger<StepRunner> logger)
{
    public async Task RunAsync(DueOperation due, CancellationToken cancellationToken)
    {
        var (operation, service) = (due.Operation, due.Service);
        var settings = options.Value;
        var now = clock.GetUtcNow();
        var step = operation.Step.Length > 0 ? operation.Step : Steps.Of(operation.Kind)[0];
        if (operation.State == OperationState.Starting)
        {
            operation = await operations.SetStateAsync(operation.Id, operation.Version, OperationState.Processing, "", cancellationToken: cancellationToken);
        }
        if (operation.StepDeadline is not { } deadline)
        {
            var begun = Begin(step, now);
            deadline = begun.Deadline;
            await queue.SaveProgressAsync(operation.Id, begun, cancellationToken);
            operation = operation with { Step = step, StepAttempts = 0, StepDeadline = deadline };
        }
        if (now >= deadline)
        {
            var heldUp = operation.Error.Length > 0 ? $" (last: {operation.Error})" : "";
            await FailAsync(operation, $"Step {step} did not finish within {settings.DeadlineOf(step).TotalSeconds:0} s{heldUp}.", cancellationToken);
            return;
        }

        using var untilDeadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        untilDeadline.CancelAfter(deadline - now);
        StepOutcome outcome;
        try
        {
            LogStep(operation.Id, step, operation.StepAttempts);
            var outcomes = new List<StepOutcome>();
            foreach (var instance in Steps.OfInstance(step) ? due.Instances : due.Instances.Take(1))
            {
                outcomes.Add(await steps.RunAsync(step, new StepContext(operation, service, instance, due.Instances, untilDeadline.Token)));
            }
            outcome = Steps.Combine(operation.Kind, step, outcomes);
        }
        catch (LifecycleDriverException e) when (!e.IsTransient)
        {
            outcome = new StepOutcome.Fail(e.Message);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            LogTransient(e, operation.Id, step);
            outcome = new StepOutcome.Retry(TimeSpan.FromMilliseconds(settings.RetryDelayMilliseconds), e.Message);
        }

        var ended = clock.GetUtcNow();
        var (outcomeName, detail) = Describe(outcome);
        var run = new StepRun(operation.Id, step, operation.StepAttempts, settings.InstanceName, now, ended, outcomeName, detail);
        var next = outcome switch
        {
            StepOutcome.Next following => Begin(following.Step ?? Steps.After(operation.Kind, step), ended),
            StepOutcome.Retry retry => new StepProgress(step, operation.StepAttempts + 1, deadline, ended + retry.After, retry.Awaiting, retry.Reason,
                due.Answers),
            _ => null,
        };
        await queue.RecordRunAsync(run, next, cancellationToken);
        switch (outcome)
        {
            case StepOutcome.Completed:
                LogCompleted(operation.Id, operation.Kind, operation.ResourceId);
                break;
            case StepOutcome.Fail fail:
                await FailAsync(operation, fail.Reason, cancellationToken);
                break;
        }
    }

    /// <summary>A step about to run for the first time, due at once, with its deadline from configuration.</summary>
    private StepProgress Begin(string step, DateTimeOffset now) => StepProgress.Begin(step, now, options.Value.DeadlineOf(step));

    private static (string Name, string Detail) Describe(StepOutcome outcome) => outcome switch
    {
        StepOutcome.Next next => ("next", string.Join("; ", new[] { next.Step ?? "", next.Detail }.Where(part => part.Length > 0))),
        StepOutcome.Retry retry => ("retry", retry.Reason),
        StepOutcome.Fail fail => ("fail", fail.Reason),
        _ => ("completed", ""),
    };

    /// <summary>
    /// The operation FAILED_TEMP — a retry runs it again, a later update or delete supersedes it — and the
    /// service and its instance in ERROR with the reason, in one transaction. An automatic failover that
    /// failed after it began (not held by the circuit breaker) is tried again after its backoff, until its
    /// tries are spent (<see cref="Failovers"/>).
    /// </summary>
    private async Task FailAsync(Operation operation, string reason, CancellationToken cancellationToken)
    {
        LogFailed(operation.Id, operation.Step, reason);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var current = await operations.LockAsync(operation.Id, transaction, cancellationToken);
        await operations.SetStateAsync(current.Id, current.Version, OperationState.FailedTemp, reason, transaction, cancellationToken);
        var service = await services.LockAsync(operation.ResourceId, transaction, cancellationToken);
        if (service.ProvisioningStatus is not (ProvisioningStatus.Error or ProvisioningStatus.Deleted))
        {
            await services.SetProvisioningStatusAsync(service.Id, service.Version, ProvisioningStatus.Error, reason, transaction, cancellationToken);
        }
        foreach (var instance in await instances.WhereAsync("network_service_id", service.Id, transaction, cancellationToken))
        {
            if (instance.ProvisioningStatus is not (ProvisioningStatus.Error or ProvisioningStatus.Deleted))
            {
                await instances.SetProvisioningStatusAsync(instance.Id, instance.Version, ProvisioningStatus.Error, reason, transaction, cancellationToken);
            }
        }
        if (operation is { Kind: OperationKind.Failover, IsAutomatic: true } && operation.Step != Steps.FailoverNsd
            && service.ProvisioningStatus is not (ProvisioningStatus.Deleted or ProvisioningStatus.PendingDelete))
        {
            var device = await devices.GetAsync(operation.ParametersAs<FailoverParameters>().NsdId, transaction, cancellationToken);
            await failovers.ScheduleAsync(service, device, reason, transaction, cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Operation {OperationId}: step {Step}, attempt {Attempt}.")]
    private partial void LogStep(Guid operationId, string step, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Operation {OperationId}: step {Step} failed and will be tried again.")]
    private partial void LogTransient(Exception exception, Guid operationId, string step);

    [LoggerMessage(Level = LogLevel.Information, Message = "Operation {OperationId} ({Kind} of {ResourceId}) completed.")]
    private partial void LogCompleted(Guid operationId, OperationKind kind, Guid resourceId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Operation {OperationId} failed at step {Step}: {Reason}")]
    private partial void LogFailed(Guid operationId, string step, string reason);
}
