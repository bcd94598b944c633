using Nfp.Bench;
using Nfp.Bench.Pop;

// popd vs Docker.DotNet directly: see docs/benchmarks.md.
return await BenchProgram.RunAsync(() => BenchOptions.Parse(args), BenchOptions.Usage,
    (options, cancellationToken) => new PopBench(options).RunAsync(string.Join(' ', args), cancellationToken),
    e => e switch
    {
        Grpc.Core.RpcException rpc => $"popd answered {rpc.StatusCode}: {rpc.Status.Detail}",
        Docker.DotNet.DockerApiException docker => $"Docker answered {docker.StatusCode}: {docker.ResponseBody}",
        _ => null,
    });
