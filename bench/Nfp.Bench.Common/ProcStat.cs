using System.Globalization;

namespace Nfp.Bench;

/// <summary>The CPU a process or a thread of this machine used, from its /proc stat file.</summary>
public static class ProcStat
{
    /// <summary>
    /// utime and stime, in ticks (fields 14 and 15 of <paramref name="path"/>, e.g. /proc/PID/stat or
    /// /proc/PID/task/TID/stat; the name in field 2 may hold spaces); null when the process or thread ended.
    /// </summary>
    public static (long User, long System)? Times(string path)
    {
        try
        {
            var text = File.ReadAllText(path);
            var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
            return (long.Parse(fields[11], CultureInfo.InvariantCulture), long.Parse(fields[12], CultureInfo.InvariantCulture));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
