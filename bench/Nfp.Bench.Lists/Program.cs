using Nfp.Bench;
using Nfp.Bench.Lists;
using Nfp.NodeDriver;

// The manager's list pages on a million services, and its REST list with and without a token: see docs/benchmarks.md. Run again by itself as the pages' floor.
if (args is [BarePage.Argument, var queue, var payloadFile])
{
    return await BarePage.RunAsync(queue, payloadFile);
}
return await BenchProgram.RunAsync(() => ListBenchOptions.Parse(args), ListBenchOptions.Usage,
    (options, cancellationToken) => options.Rest
        ? new RestBench(options).RunAsync(string.Join(' ', args), cancellationToken)
        : new ListBench(options).RunAsync(string.Join(' ', args), cancellationToken),
    e => e switch
    {
        NetworkServiceRpcException rpc => $"the manager answered {rpc.Message}",
        Npgsql.NpgsqlException database => $"PostgreSQL: {database.Message}",
        HttpRequestException http => $"the manager's REST API: {http.Message}",
        _ => null,
    });
