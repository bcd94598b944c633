using System.Globalization;

namespace Nfp.Bench.Vpn;

/// <summary>
/// Where the CPU went over a window of a throughput run, from /proc on this machine (the containers'
/// processes are its processes): per watched process its user and system time and its busiest thread's,
/// as % of one core; and the machine's time by kind (user, system, softirq, idle), as % of all its cores.
/// The watched processes are the gateways' charon: it does ESP in user space (kernel-libipsec), so its
/// user time is the crypto and its system time the TUN device's and the UDP socket's reads and writes.
/// </summary>
internal sealed class CpuWindow
{
    private const double TicksPerSecond = 100;

    private readonly IReadOnlyList<(string Name, int Pid)> _processes;
    private readonly Dictionary<int, (long User, long System)> _processStart = [];
    private readonly Dictionary<int, Dictionary<int, long>> _threadStart = [];
    private long[] _machineStart = [];
    private DateTime _startedAt;

    private CpuWindow(IReadOnlyList<(string Name, int Pid)> processes) => _processes = processes;

    /// <summary>Opens the window now, watching <paramref name="processes"/> (a name for the report, and a process id of this machine).</summary>
    public static CpuWindow Open(IReadOnlyList<(string Name, int Pid)> processes)
    {
        var window = new CpuWindow(processes) { _startedAt = DateTime.UtcNow, _machineStart = Machine() };
        foreach (var (_, pid) in processes)
        {
            window._processStart[pid] = Times(pid);
            window._threadStart[pid] = Threads(pid);
        }
        return window;
    }

    /// <summary>Closes the window: what each process and the machine used since it opened.</summary>
    public CpuUse Close()
    {
        var seconds = (DateTime.UtcNow - _startedAt).TotalSeconds;
        double Percent(long ticks) => ticks / TicksPerSecond / seconds * 100;
        var processes = _processes.Select(p =>
        {
            var (user, system) = Times(p.Pid);
            var busiest = Threads(p.Pid).Select(t => t.Value - _threadStart[p.Pid].GetValueOrDefault(t.Key)).DefaultIfEmpty(0).Max();
            return new ProcessUse(p.Name, Percent(user - _processStart[p.Pid].User), Percent(system - _processStart[p.Pid].System), Percent(busiest));
        }).ToList();
        var machine = Machine().Zip(_machineStart, (after, before) => after - before).ToArray();
        var total = (double)machine.Sum();
        double Share(params int[] fields) => total > 0 ? fields.Sum(f => machine[f]) / total * 100 : 0;
        // /proc/stat's cpu line: user nice system idle iowait irq softirq steal.
        return new CpuUse(processes, Share(0, 1), Share(2, 5), Share(6), Share(3, 4), Environment.ProcessorCount);
    }

    /// <summary>The process's user and system ticks.</summary>
    private static (long User, long System) Times(int pid) => ProcStat.Times($"/proc/{pid}/stat") ?? (0, 0);

    /// <summary>Each thread's user + system ticks, by thread id.</summary>
    private static Dictionary<int, long> Threads(int pid)
    {
        var threads = new Dictionary<int, long>();
        var tasks = $"/proc/{pid}/task";
        if (!Directory.Exists(tasks))
        {
            return threads;
        }
        foreach (var task in Directory.EnumerateDirectories(tasks))
        {
            if (ProcStat.Times(Path.Combine(task, "stat")) is { } times
                && int.TryParse(Path.GetFileName(task), NumberStyles.None, CultureInfo.InvariantCulture, out var tid))
            {
                threads[tid] = times.User + times.System;
            }
        }
        return threads;
    }

    /// <summary>The machine's ticks by kind, all cores together (/proc/stat's first line).</summary>
    private static long[] Machine() =>
        [.. File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8).Select(f => long.Parse(f, CultureInfo.InvariantCulture))];
}

/// <summary>A watched process's CPU over a window: user, system and its busiest thread, each as % of one core.</summary>
internal sealed record ProcessUse(string Name, double User, double System, double BusiestThread)
{
    public double Total => User + System;
}

/// <summary>What a window used: per watched process, and the machine's time by kind as % of all its <see cref="Cores"/> (system includes irq).</summary>
internal sealed record CpuUse(IReadOnlyList<ProcessUse> Processes, double User, double System, double Softirq, double Idle, int Cores);
