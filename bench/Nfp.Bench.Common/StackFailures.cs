using Nfp.NodeDriver;

namespace Nfp.Bench;

/// <summary>The one-line reason a bench that runs the whole stack gives for a failure of one of its parts; null: not one of theirs.</summary>
public static class StackFailures
{
    public static string? Explain(Exception e) => e switch
    {
        Grpc.Core.RpcException rpc => $"popd answered {rpc.StatusCode}: {rpc.Status.Detail}",
        NetworkServiceStatusException or TimeoutException => e.Message,
        Docker.DotNet.DockerApiException docker => $"Docker answered {docker.StatusCode}: {docker.ResponseBody}",
        Schema.Drivers.VendorDriverException device => $"the floor's device: {device.Message}",
        Npgsql.NpgsqlException database => $"PostgreSQL: {database.Message}",
        _ => null,
    };
}
