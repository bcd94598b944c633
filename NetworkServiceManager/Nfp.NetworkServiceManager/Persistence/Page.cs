namespace Nfp.NetworkServiceManager.Persistence;

/// <summary>
/// One page of a list: pass <see cref="NextMarker"/> as the next query's marker (null on the last page),
/// and <see cref="PreviousMarker"/> as the marker of a reversed query for the page before (null on the first).
/// </summary>
public sealed record Page<T>(IReadOnlyList<T> Items, Guid? NextMarker, Guid? PreviousMarker = null);
