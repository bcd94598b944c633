using Grpc.Core;

namespace Nfp.Popd.Api;

/// <summary>The gRPC statuses of the Pop protocol, one helper per meaning.</summary>
internal static class PopErrors
{
    public static RpcException InvalidArgument(string message) => new(new Status(StatusCode.InvalidArgument, message));

    public static RpcException NotFound(string message) => new(new Status(StatusCode.NotFound, message));

    public static RpcException AlreadyExists(string message) => new(new Status(StatusCode.AlreadyExists, message));

    public static RpcException FailedPrecondition(string message) => new(new Status(StatusCode.FailedPrecondition, message));

    public static RpcException ResourceExhausted(string message) => new(new Status(StatusCode.ResourceExhausted, message));

    public static RpcException Unauthenticated(string message) => new(new Status(StatusCode.Unauthenticated, message));

    public static RpcException PermissionDenied(string message) => new(new Status(StatusCode.PermissionDenied, message));
}
