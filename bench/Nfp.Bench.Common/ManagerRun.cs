namespace Nfp.Bench;

/// <summary>
/// One timed create through the manager: its services, when the requests went out (Unix ms), how long
/// until the last was ACTIVE or ERROR, and why those that went ERROR did (empty: all ACTIVE).
/// </summary>
public sealed record ManagerRun(IReadOnlyList<Guid> Services, double SentAtUnixMs, double Milliseconds, IReadOnlyList<string> Failures)
{
    public bool Clean => Failures.Count == 0;
}
