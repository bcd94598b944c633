using System.Diagnostics;
using Grpc.Core;
using Nfp.Pop.Client;

namespace Nfp.Bench;

/// <summary>popd as published, started on a loopback port and waited for until it answers Info.</summary>
public static class PopdDaemon
{
    public static async Task<DaemonProcess> StartAsync(
        string path, int port, IReadOnlyDictionary<string, string> environment, string logPath, PopClient client, CancellationToken cancellationToken)
    {
        var popd = DaemonProcess.Start(path, "popd.dll", ["--listen", $"127.0.0.1:{port}"], environment, logPath);
        var limit = TimeSpan.FromSeconds(60);
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await client.InfoAsync(cancellationToken);
                return popd;
            }
            catch (RpcException e) when (e.StatusCode is StatusCode.Unavailable or StatusCode.Internal or StatusCode.Unknown)
            {
                if (popd.HasExited)
                {
                    throw new BenchException($"popd exited with code {popd.ExitCode} before it answered.\n{popd.Tail()}");
                }
                if (clock.Elapsed > limit)
                {
                    throw new BenchException($"popd did not answer Info within {limit.TotalSeconds:0} s: {e.Status.Detail}\n{popd.Tail()}");
                }
                await Task.Delay(100, cancellationToken);
            }
        }
    }
}
