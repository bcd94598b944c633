namespace Nfp.NetworkServiceManager.Persistence;

/// <summary>The manager's share of PostgreSQL (configuration section <c>Persistence</c>).</summary>
public sealed class PersistenceOptions
{
    public const string Section = "Persistence";

    /// <summary>
    /// The connections the manager's pool opens at most. A worker may hold three at once (its key's lock,
    /// a device's lock, a query) and every other reader one at a time, so the default leaves the four
    /// workers 12 and the RPCs the rest; more callers wait in the pool. Quartz's clustered store has a
    /// pool of its own of <see cref="JobStoreConnections"/>.
    /// </summary>
    public int MaxConnections { get; set; } = 24;

    public const int JobStoreConnections = 4;

    /// <summary>The least pool <paramref name="workers"/> can run in: three connections each, and one for the RPCs and the sweeper.</summary>
    public static int MinimumFor(int workers) => (3 * workers) + 1;
}
