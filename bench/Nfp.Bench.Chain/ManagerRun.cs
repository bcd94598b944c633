namespace Nfp.Bench.Chain;

/// <summary>
/// One timed create through the manager: its services, when the requests went out (Unix ms), how long
/// until the last was ACTIVE or ERROR, and why those that went ERROR did (empty: all ACTIVE).
/// </summary>
internal sealed record ManagerRun(IReadOnlyList<Guid> Services, double SentAtUnixMs, double Milliseconds, IReadOnlyList<string> Failures)
{
    public bool Clean => Failures.Count == 0;
}
