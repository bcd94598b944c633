namespace Nfp.Bench.Pop;

/// <summary>
/// One container's create → start → stop → delete, in milliseconds of wall time. <see cref="StopCall"/>
/// and <see cref="Polls"/> are the popd path's: how long the Stop RPC itself took (the rest of
/// <see cref="Stop"/> is waiting for EXITED) and how many Containers calls that waiting made.
/// <see cref="Name"/> is the container's (Docker's name without the run's prefix); <see cref="StartedAt"/>
/// and <see cref="EndedAt"/> are wall-clock UTC, to set the cycle against Docker's events.
/// </summary>
internal sealed record Cycle(
    string Name, DateTime StartedAt, DateTime EndedAt, double Create, double Start, double Stop, double Delete, double Total,
    double StopCall = 0, int Polls = 0);
