using System.Text.Json;

namespace Nfp.Schema.Resources;

/// <summary>
/// One create, update, delete, heal, ... of a resource, first-class as Tacker's operation occurrences:
/// operators list, retry or fail them. <see cref="StartedAt"/> is when it was accepted and
/// <see cref="StateEnteredAt"/> when it entered its current <see cref="State"/>; <see cref="IsAutomatic"/>
/// tells an operation NFP started by itself (a heal after a health alarm) from one a caller asked for.
/// <see cref="Step"/> is the orchestration step it is at (docs/orchestration.md; empty before the first),
/// tried <see cref="StepAttempts"/> times so far and due to end by <see cref="StepDeadline"/>.
/// <see cref="Parameters"/> is what the request carried beyond the resource's id, one of the records of
/// <c>OperationParameters.cs</c> by <see cref="Kind"/> (a create's policy targets, a notification's policy
/// target, group or chain parameters), an empty object when nothing.
/// </summary>
public sealed record Operation(
    Guid Id,
    OperationKind Kind,
    ResourceType ResourceType,
    Guid ResourceId,
    OperationState State,
    bool IsAutomatic,
    string Error,
    string Step,
    int StepAttempts,
    DateTimeOffset? StepDeadline,
    JsonElement Parameters,
    DateTimeOffset StartedAt,
    DateTimeOffset StateEnteredAt,
    DateTimeOffset UpdatedAt,
    int Version) : IResource
{
    /// <summary>The parameters as the record of this kind of operation (e.g. <see cref="PolicyTargetChange"/> of a pt_add).</summary>
    public TParameters ParametersAs<TParameters>() where TParameters : class =>
        Parameters.Deserialize<TParameters>(Json.NfpJson.Options)
        ?? throw new InvalidOperationException($"Operation {Id} ({Kind}) has no parameters.");
}
