using Grpc.Core;

namespace Nfp.Cli.Pop;

/// <summary>
/// What <c>nfp pop</c> exits with. 0: done. 1: an unexpected failure (System.CommandLine prints the
/// exception). 2: bad usage — the parser's errors, or a malformed <c>POP_HOST</c>/<c>POP_AUTH</c>, or no
/// credentials at all. 10 + the gRPC status code: popd (or the channel to it) refused the call, so each
/// status has its own code: 13 INVALID_ARGUMENT, 15 NOT_FOUND, 16 ALREADY_EXISTS, 17 PERMISSION_DENIED,
/// 18 RESOURCE_EXHAUSTED, 19 FAILED_PRECONDITION, 24 UNAVAILABLE (popd not reachable), 26 UNAUTHENTICATED;
/// the rest follow the same rule (11 CANCELLED … 25 DATA_LOSS).
/// </summary>
public static class PopExitCodes
{
    public const int Success = 0;

    public const int Usage = 2;

    /// <summary>Added to the gRPC status code: above System.CommandLine's 0-2, below the shell's 126+.</summary>
    public const int StatusBase = 10;

    public static int Of(StatusCode status) => StatusBase + (int)status;
}
