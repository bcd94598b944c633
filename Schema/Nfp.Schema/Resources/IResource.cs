namespace Nfp.Schema.Resources;

/// <summary>
/// What every stored resource has: an identity and the version the database gave its current row,
/// which a writer hands back to prove it saw the latest state (optimistic concurrency).
/// </summary>
public interface IResource
{
    Guid Id { get; }

    int Version { get; }
}
