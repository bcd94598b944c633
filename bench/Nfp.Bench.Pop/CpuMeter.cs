using System.Globalization;

namespace Nfp.Bench.Pop;

/// <summary>
/// CPU time (user + system) used so far by a few groups of processes, from /proc: popd, the Docker
/// daemons, PostgreSQL's server processes and the bench itself. A process that ends between two
/// readings takes its time with it (a PostgreSQL backend closed by popd's pool, a container's shim), so
/// the figures are lower bounds. Linux ticks are 10 ms; summed over many cycles that is precise enough.
/// </summary>
internal sealed class CpuMeter(int popdPid)
{
    public static readonly string[] Groups = ["popd", "dockerd", "containerd", "postgres", "bench"];

    private const double MillisecondsPerTick = 10;
    private readonly int _self = Environment.ProcessId;

    /// <summary>The CPU ticks of every process in a group, by process id.</summary>
    public Dictionary<int, (int Group, long Ticks)> Read()
    {
        var snapshot = new Dictionary<int, (int Group, long Ticks)>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }
            var group = pid == popdPid ? 0 : pid == _self ? 4 : -1;
            if (group < 0)
            {
                group = Comm(pid) switch
                {
                    "dockerd" => 1,
                    "containerd" => 2,
                    "postgres" => 3,
                    _ => -1,
                };
            }
            if (group >= 0)
            {
                snapshot[pid] = (group, Ticks(pid));
            }
        }
        return snapshot;
    }

    /// <summary>
    /// Milliseconds of CPU each group used between two readings, in the order of <see cref="Groups"/>:
    /// a process in both counts its growth, a process new in <paramref name="after"/> all of its time.
    /// </summary>
    public static double[] Used(Dictionary<int, (int Group, long Ticks)> before, Dictionary<int, (int Group, long Ticks)> after)
    {
        var used = new double[Groups.Length];
        foreach (var (pid, (group, ticks)) in after)
        {
            var earlier = before.TryGetValue(pid, out var was) && was.Group == group ? was.Ticks : 0;
            used[group] += Math.Max(0, ticks - earlier) * MillisecondsPerTick;
        }
        return used;
    }

    private static string Comm(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/comm").TrimEnd('\n');
        }
        catch (IOException)
        {
            return "";
        }
        catch (UnauthorizedAccessException)
        {
            return "";
        }
    }

    /// <summary>utime + stime of /proc/PID/stat; 0 when the process ended.</summary>
    private static long Ticks(int pid) => ProcStat.Times($"/proc/{pid}/stat") is { } times ? times.User + times.System : 0;
}
