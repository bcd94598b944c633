namespace Nfp.Schema.Resources;

/// <summary>
/// One run of one step of an <see cref="Operation"/>: which manager <see cref="Instance"/> ran it, from
/// <see cref="StartedAt"/> to <see cref="EndedAt"/>, and how it ended — <see cref="Outcome"/> next,
/// retry, fail or completed, with <see cref="Detail"/> (the next step named, what held it up, why it failed).
/// </summary>
public sealed record OperationStep(
    long Id,
    Guid OperationId,
    string Step,
    int Attempt,
    string Instance,
    DateTimeOffset StartedAt,
    DateTimeOffset EndedAt,
    string Outcome,
    string Detail);
