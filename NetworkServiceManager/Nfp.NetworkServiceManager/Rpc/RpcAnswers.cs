using System.Diagnostics.Metrics;

namespace Nfp.NetworkServiceManager.Rpc;

/// <summary>
/// What the RPC listener says of requests it could not answer as asked. A request that names no reply
/// address (no envelope <c>response_address</c>, no AMQP <c>reply_to</c>) is dropped, not carried out — its
/// sender could not learn the outcome — with one log line and a count (<c>nfp.rpc.requests.unanswerable</c>
/// of the meter <c>Nfp.NetworkServiceManager</c>), and no answer goes anywhere (MassTransit would publish it,
/// making an exchange per answer type on the broker). A request that failed (its answer is an
/// unavailable or internal_error fault) is logged with the exception.
/// </summary>
internal sealed partial class RpcAnswers(IMeterFactory meters, ILogger<RpcAnswers> logger)
{
    public const string MeterName = "Nfp.NetworkServiceManager";
    public const string UnanswerableCounter = "nfp.rpc.requests.unanswerable";

    private readonly Counter<long> _unanswerable = meters.Create(MeterName)
        .CreateCounter<long>(UnanswerableCounter, description: "Requests dropped for naming no reply address.");

    public void Unanswerable(string queue)
    {
        _unanswerable.Add(1);
        LogUnanswerable(queue);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dropped a request on {Queue}: it names no reply address (response_address or reply_to), so no one could be answered.")]
    private partial void LogUnanswerable(string queue);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Request} failed; answered {Code}.")]
    public partial void Failed(Exception exception, string request, string code);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Request} was answered, then failed; the orchestration sweeper picks up what it did not hand on.")]
    public partial void FailedAfterAnswer(Exception exception, string request);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Request} met a passing failure ({Reason}); trying again in {DelayMs} ms.")]
    public partial void Retrying(string request, string reason, int delayMs);
}
