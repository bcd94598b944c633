namespace Nfp.NetworkServiceManager.Persistence;

/// <summary>One page of a list; pass <see cref="NextMarker"/> as the next query's marker (null on the last page).</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, Guid? NextMarker);
