using Nfp.Bench;
using Nfp.Bench.Manager;

// The manager vs its floor: see docs/benchmarks.md. Run again by itself as the RPC floor's responder.
if (args is [BareResponder.Argument, var queue, var payloadFile])
{
    return await BareResponder.RunAsync(queue, payloadFile);
}
return await BenchProgram.RunAsync(() => ManagerBenchOptions.Parse(args), ManagerBenchOptions.Usage,
    (options, cancellationToken) => new ManagerBench(options).RunAsync(string.Join(' ', args), cancellationToken),
    e => e is Grpc.Core.RpcException rpc ? $"popd answered {rpc.StatusCode}: {rpc.Status.Detail}" : null);
