namespace Nfp.Bench.Lists;

/// <summary>A process's memory as Linux counts it (/proc/PID/status): resident now (VmRSS) and at its peak (VmHWM).</summary>
internal sealed record ProcessMemory(long RssKb, long PeakRssKb)
{
    public static ProcessMemory Of(int processId)
    {
        var lines = File.ReadAllLines($"/proc/{processId}/status");
        long Kb(string key) => long.Parse(lines.Single(l => l.StartsWith(key + ":", StringComparison.Ordinal))[(key.Length + 1)..].Trim().Split(' ')[0],
            System.Globalization.CultureInfo.InvariantCulture);
        return new ProcessMemory(Kb("VmRSS"), Kb("VmHWM"));
    }

    public override string ToString() => $"VmRSS {RssKb / 1024.0:0.0} MB, VmHWM {PeakRssKb / 1024.0:0.0} MB";
}
