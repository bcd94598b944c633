namespace Nfp.Schema.Resources;

/// <summary>
/// One create, update, delete, heal, ... of a resource, first-class as Tacker's operation occurrences:
/// operators list, retry or fail them. <see cref="StartedAt"/> is when it was accepted and
/// <see cref="StateEnteredAt"/> when it entered its current <see cref="State"/>; <see cref="IsAutomatic"/>
/// tells an operation NFP started by itself (a heal after a health alarm) from one a caller asked for.
/// </summary>
public sealed record Operation(
    Guid Id,
    OperationKind Kind,
    ResourceType ResourceType,
    Guid ResourceId,
    OperationState State,
    bool IsAutomatic,
    string Error,
    DateTimeOffset StartedAt,
    DateTimeOffset StateEnteredAt,
    DateTimeOffset UpdatedAt,
    int Version) : IResource;
