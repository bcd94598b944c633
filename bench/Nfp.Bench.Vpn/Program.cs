using Nfp.Bench;
using Nfp.Bench.Vpn;
using Nfp.NodeDriver;

// Two VPN services through the whole stack vs the same device work done directly, and the tunnel's throughput: see docs/benchmarks.md.
return await BenchProgram.RunAsync(() => VpnBenchOptions.Parse(args), VpnBenchOptions.Usage,
    (options, cancellationToken) => new VpnBench(options).RunAsync(string.Join(' ', args), cancellationToken),
    e => e switch
    {
        Grpc.Core.RpcException rpc => $"popd answered {rpc.StatusCode}: {rpc.Status.Detail}",
        NetworkServiceStatusException or TimeoutException => e.Message,
        Docker.DotNet.DockerApiException docker => $"Docker answered {docker.StatusCode}: {docker.ResponseBody}",
        Nfp.Schema.Drivers.VendorDriverException device => $"the floor's device: {device.Message}",
        Npgsql.NpgsqlException database => $"PostgreSQL: {database.Message}",
        _ => null,
    });
