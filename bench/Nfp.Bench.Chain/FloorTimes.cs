namespace Nfp.Bench.Chain;

/// <summary>
/// One floor device's phases, in milliseconds: docker create + start; the two network connects and the
/// inspect for their MACs; until the device agent says the device is up; the interfaces applied; the
/// haproxy config written and reloaded.
/// </summary>
internal sealed record FloorTimes(double Container, double Connect, double AgentUp, double Interfaces, double Haproxy)
{
    public double Total => Container + Connect + AgentUp + Interfaces + Haproxy;
}
