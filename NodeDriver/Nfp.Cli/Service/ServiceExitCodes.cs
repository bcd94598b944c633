namespace Nfp.Cli.Service;

/// <summary>
/// What <c>nfp service</c> (and <c>nfp nsd</c>, <c>nfp token</c>) exits with. 0: done. 2: bad usage (the
/// parser's errors, or no manager URL and token). 20 invalid_request, 21 not_found, 22 conflict, 31
/// quota_exceeded: the manager refused, and changed nothing. 23: with <c>--wait</c>, the service settled in
/// ERROR (or DELETED) instead. 24: with <c>--wait</c>, the timeout passed first. 25: the manager did not
/// answer within <see cref="Manager.ManagerApi.RequestTimeout"/>. 26: the manager could not be reached
/// (nothing listens at that URL). 27: a service was named by a name that several services have (their ids
/// are listed); a name that none has is not_found, 21. 28 unavailable (the manager could not reach its
/// database in time; try again) and 29 internal_error (a fault of the manager's own, in its log): the manager
/// changed nothing. 30: the token was refused (401), or its role or tenant does not allow the request (403).
/// </summary>
public static class ServiceExitCodes
{
    public const int Success = 0;
    public const int Usage = 2;
    public const int InvalidRequest = 20;
    public const int NotFound = 21;
    public const int Conflict = 22;
    public const int Failed = 23;
    public const int Timeout = 24;
    public const int NoAnswer = 25;
    public const int Unreachable = 26;
    public const int AmbiguousName = 27;
    public const int Unavailable = 28;
    public const int InternalError = 29;
    public const int Denied = 30;
    public const int QuotaExceeded = 31;
}
