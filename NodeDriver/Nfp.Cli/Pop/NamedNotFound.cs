using Grpc.Core;

namespace Nfp.Cli.Pop;

/// <summary>
/// popd answers a list by a name that matches nothing with an empty list, not NOT_FOUND; a command given
/// such a name says NOT_FOUND itself (exit 15), as popd does for the commands that act on one thing.
/// </summary>
internal static class NamedNotFound
{
    public static RpcException Error(string what, string name) => new(new Status(StatusCode.NotFound, $"No {what} with name '{name}'."));
}
