using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Nfp.IntegrationTests.Fixtures;

/// <summary>
/// One of the build's own daemons (popd, the manager) run as a real process from the test's folder,
/// its output kept for a failing test's message, and killed with SIGKILL: no shutdown code runs.
/// </summary>
public sealed class DaemonProcess
{
    private readonly StringBuilder _log = new();
    private readonly Process _process;

    private DaemonProcess(Process process) => _process = process;

    public bool HasExited => _process.HasExited;

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>Starts the executable <paramref name="name"/> of the test's folder; a null environment value unsets the variable.</summary>
    public static DaemonProcess Start(string name, IEnumerable<string> arguments, IEnumerable<KeyValuePair<string, string?>> environment)
    {
        var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, name)) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["DOTNET_ENVIRONMENT"] = "Development";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }
        var daemon = new DaemonProcess(Process.Start(start)!);
        daemon._process.OutputDataReceived += (_, line) => daemon.Append(line.Data);
        daemon._process.ErrorDataReceived += (_, line) => daemon.Append(line.Data);
        daemon._process.BeginOutputReadLine();
        daemon._process.BeginErrorReadLine();
        return daemon;
    }

    /// <summary>kill -9, and wait until it is gone.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }
        await _process.WaitForExitAsync();
    }

    private static readonly HashSet<int> HandedOut = [];

    /// <summary>
    /// A loopback TCP port nothing listens on now and that this test run has not handed out before: a
    /// daemon binds its port only when it starts, and two fixtures starting side by side must not get
    /// the same one.
    /// </summary>
    public static int FreePort()
    {
        while (true)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            lock (HandedOut)
            {
                if (HandedOut.Add(port))
                {
                    return port;
                }
            }
        }
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_log)
            {
                _log.AppendLine(line);
            }
        }
    }
}
