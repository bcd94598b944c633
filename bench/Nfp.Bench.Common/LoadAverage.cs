namespace Nfp.Bench;

/// <summary>The machine's load, printed at a run's start and end: on a shared machine it explains much of the spread.</summary>
public static class LoadAverage
{
    /// <summary>The 1, 5 and 15 minute load averages, from /proc/loadavg.</summary>
    public static string Now() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ')[..3]) : "?";
}
