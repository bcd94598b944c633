using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Grpc.Core;
using Nfp.Pop.Client;

namespace Nfp.Bench.Pop;

/// <summary>
/// A real popd process, as published: on a loopback port of its own, its output written to a log file
/// (read as it comes, so that a full pipe never stalls popd).
/// </summary>
internal sealed class PopdProcess : IDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly Lock _logLock = new();
    private readonly Queue<string> _tail = new();
    private long _lines;
    private bool _closed;

    private PopdProcess(Process process, string logPath)
    {
        _process = process;
        LogPath = logPath;
        _log = new StreamWriter(logPath) { AutoFlush = false };
    }

    public string LogPath { get; }

    public int ProcessId => _process.Id;

    /// <summary>How many lines popd has written to its log so far.</summary>
    public long LogLines => Interlocked.Read(ref _lines);

    /// <summary>Starts popd at <paramref name="path"/> (its folder, popd.dll or the executable) on 127.0.0.1:<paramref name="port"/>.</summary>
    public static PopdProcess Start(string path, int port, IReadOnlyDictionary<string, string> environment, string logPath)
    {
        var (fileName, dll) = Resolve(path);
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
        start.ArgumentList.Add("--listen");
        start.ArgumentList.Add($"127.0.0.1:{port}");
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }
        var process = Process.Start(start) ?? throw new BenchException($"Could not start {fileName}.");
        var popd = new PopdProcess(process, logPath);
        process.OutputDataReceived += (_, line) => popd.Append(line.Data);
        process.ErrorDataReceived += (_, line) => popd.Append(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return popd;
    }

    /// <summary>Calls Info until popd answers; fails when popd exits or does not answer in time.</summary>
    public async Task WaitUntilReadyAsync(PopClient client, TimeSpan limit, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await client.InfoAsync(cancellationToken);
                return;
            }
            catch (RpcException e) when (e.StatusCode is StatusCode.Unavailable or StatusCode.Internal or StatusCode.Unknown)
            {
                if (_process.HasExited)
                {
                    throw new BenchException($"popd exited with code {_process.ExitCode} before it answered.\n{Tail()}");
                }
                if (clock.Elapsed > limit)
                {
                    throw new BenchException($"popd did not answer Info within {limit.TotalSeconds:0} s: {e.Status.Detail}\n{Tail()}");
                }
                await Task.Delay(100, cancellationToken);
            }
        }
    }

    /// <summary>The last lines popd wrote, for an error message.</summary>
    public string Tail()
    {
        lock (_logLock)
        {
            return string.Join('\n', _tail);
        }
    }

    /// <summary>kill -9 popd (and anything it started), and waits until it is gone.</summary>
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
    /// <exception cref="BenchException">There is no popd there.</exception>
    public static (string FileName, string? Dll) Resolve(string path)
    {
        var full = Path.GetFullPath(path);
        if (Directory.Exists(full))
        {
            full = Path.Combine(full, "popd.dll");
        }
        if (!File.Exists(full))
        {
            throw new BenchException($"No popd at '{full}': publish it first (dotnet publish Drivers/Nfp.Popd -c Release -o DIR).");
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
