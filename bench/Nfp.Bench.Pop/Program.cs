using System.Globalization;
using System.Runtime.InteropServices;
using Nfp.Bench.Pop;

// popd vs Docker.DotNet directly: see docs/benchmarks.md.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

BenchOptions? options;
try
{
    options = BenchOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}
if (options is null)
{
    Console.WriteLine(BenchOptions.Usage);
    return 0;
}

// Ctrl-C or SIGTERM cancels the run; the cleanup still runs.
using var cancel = new CancellationTokenSource();
using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Cancel);
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Cancel);
try
{
    return await new PopBench(options).RunAsync(string.Join(' ', args), cancel.Token);
}
catch (Exception e) when (cancel.IsCancellationRequested
    && e is OperationCanceledException or Grpc.Core.RpcException { StatusCode: Grpc.Core.StatusCode.Cancelled })
{
    Console.Error.WriteLine("cancelled");
    return 130;
}
catch (BenchException e)
{
    Console.Error.WriteLine($"bench failed: {e.Message}");
    return 1;
}
catch (Grpc.Core.RpcException e)
{
    Console.Error.WriteLine($"bench failed: popd answered {e.StatusCode}: {e.Status.Detail}");
    return 1;
}
catch (Docker.DotNet.DockerApiException e)
{
    Console.Error.WriteLine($"bench failed: Docker answered {e.StatusCode}: {e.ResponseBody}");
    return 1;
}

void Cancel(PosixSignalContext context)
{
    context.Cancel = true;
    cancel.Cancel();
}
