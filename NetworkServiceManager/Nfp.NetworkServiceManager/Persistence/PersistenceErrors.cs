using Nfp.Schema.Validation;

namespace Nfp.NetworkServiceManager.Persistence;

/// <summary>The base of the typed refusals a repository gives; nothing was written when one is thrown.</summary>
public abstract class PersistenceException(string message) : Exception(message);

/// <summary>No <paramref name="resource"/> has id <paramref name="id"/>.</summary>
public sealed class ResourceNotFoundException(string resource, Guid id)
    : PersistenceException($"No {resource} {id}.")
{
    public string Resource { get; } = resource;

    public Guid Id { get; } = id;
}

/// <summary>The row changed since it was read (its version moved on); read it again and retry.</summary>
public sealed class ConcurrencyConflictException(string resource, Guid id, int expectedVersion)
    : PersistenceException($"{resource} {id} was changed by someone else since version {expectedVersion} was read.")
{
    public string Resource { get; } = resource;

    public Guid Id { get; } = id;

    public int ExpectedVersion { get; } = expectedVersion;
}

/// <summary>A state move its life cycle does not allow, e.g. ACTIVE → PENDING_CREATE.</summary>
public sealed class IllegalTransitionException(string resource, Guid id, string from, string to)
    : PersistenceException($"{resource} {id} cannot move from {from} to {to}.")
{
    public string Resource { get; } = resource;

    public Guid Id { get; } = id;

    public string From { get; } = from;

    public string To { get; } = to;
}

/// <summary>A list query with an unknown filter or sort key, a bad value, limit or marker.</summary>
public sealed class InvalidQueryException(FieldError error) : PersistenceException(error.Message)
{
    public FieldError Error { get; } = error;
}
