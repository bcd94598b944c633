using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Nfp.Bench;

/// <summary>
/// A real daemon process (popd, the manager), as published, its output written to a log file (read as
/// it comes, so that a full pipe never stalls the daemon).
/// </summary>
public sealed class DaemonProcess : IDisposable, IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly Lock _logLock = new();
    private readonly Queue<string> _tail = new();
    private long _lines;
    private bool _closed;

    private DaemonProcess(Process process, string logPath)
    {
        _process = process;
        LogPath = logPath;
        _log = new StreamWriter(logPath) { AutoFlush = false };
    }

    public string LogPath { get; }

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>How many lines the daemon has written to its log so far.</summary>
    public long LogLines => Interlocked.Read(ref _lines);

    /// <summary>
    /// How to run the program <paramref name="dllName"/> found at <paramref name="path"/> (its publish folder,
    /// its dll, or its executable) with <paramref name="arguments"/> and <paramref name="environment"/>, its
    /// output redirected.
    /// </summary>
    public static ProcessStartInfo StartInfo(string path, string dllName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment)
    {
        var (fileName, dll) = Resolve(path, dllName);
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = Path.GetDirectoryName(dll ?? fileName)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (dll is not null)
        {
            start.ArgumentList.Add(dll);
        }
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }
        return start;
    }

    /// <summary>
    /// Starts the daemon <paramref name="dllName"/> found at <paramref name="path"/> (its publish folder, its
    /// dll, or its executable) with <paramref name="arguments"/>.
    /// </summary>
    public static DaemonProcess Start(
        string path, string dllName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment, string logPath)
    {
        var start = StartInfo(path, dllName, arguments, environment);
        var process = Process.Start(start) ?? throw new BenchException($"Could not start {start.FileName}.");
        var daemon = new DaemonProcess(process, logPath);
        process.OutputDataReceived += (_, line) => daemon.Append(line.Data);
        process.ErrorDataReceived += (_, line) => daemon.Append(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return daemon;
    }

    /// <summary>The last lines the daemon wrote, for an error message.</summary>
    public string Tail()
    {
        lock (_logLock)
        {
            return string.Join('\n', _tail);
        }
    }

    /// <summary>kill -9 the daemon (and anything it started), and waits until it is gone.</summary>
    public async Task KillAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(wait.Token);
        }
        catch (InvalidOperationException)
        {
            // Never started, or already reaped.
        }
        lock (_logLock)
        {
            _log.Flush();
        }
    }

    /// <summary>Kills the daemon and releases it: the end of a run.</summary>
    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        Dispose();
    }

    public void Dispose()
    {
        _process.Dispose();
        lock (_logLock)
        {
            _closed = true;
            _log.Dispose();
        }
    }

    /// <summary>A loopback TCP port nobody listens on at this moment.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>What to run for <paramref name="path"/>: <c>dotnet</c> and the dll, or the executable.</summary>
    /// <exception cref="BenchException">There is no such daemon there.</exception>
    public static (string FileName, string? Dll) Resolve(string path, string dllName)
    {
        var full = Path.GetFullPath(path);
        if (Directory.Exists(full))
        {
            full = Path.Combine(full, dllName);
        }
        if (!File.Exists(full))
        {
            throw new BenchException($"No {dllName} at '{full}': publish it first (dotnet publish … -c Release -o DIR, see docs/benchmarks.md).");
        }
        return full.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) ? ("dotnet", full) : (full, null);
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        Interlocked.Increment(ref _lines);
        lock (_logLock)
        {
            if (_closed)
            {
                return;
            }
            _log.WriteLine(line);
            _tail.Enqueue(line);
            if (_tail.Count > 40)
            {
                _tail.Dequeue();
            }
        }
    }
}
