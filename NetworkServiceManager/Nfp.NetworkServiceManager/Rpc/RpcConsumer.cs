using MassTransit;
using Nfp.Schema.Drivers;
using Nfp.Schema.Rpc;
using Nfp.Schema.Validation;
using Npgsql;

namespace Nfp.NetworkServiceManager.Rpc;

/// <summary>
/// What every node-driver RPC consumer does around its own work, so that every request it can answer
/// gets exactly one answer: an envelope whose <c>message_id</c> or <c>request_id</c> is not a UUID is left
/// to <see cref="UnreadableRequestFilter{TRequest}"/>; a request with no reply address is dropped (<see cref="RpcAnswers"/>); an invalid one is refused with
/// its field errors; then <see cref="AnswerAsync"/> runs. A passing failure
/// of PostgreSQL (no connection slot left, a connection lost: <see cref="NpgsqlException.IsTransient"/>) or
/// of a lifecycle driver's provider (popd away a moment) is waited out and the work run again — it changed nothing, its transaction rolled back — for about
/// 3 s before the answer is an <c>unavailable</c> fault; any other failure is an <c>internal_error</c>
/// fault. Nothing is thrown to MassTransit, which would move the request to an error queue and send the
/// client its own Fault message instead. The operator's REST writes are carried out by the same consumers
/// (<see cref="RunAsync"/> with a <see cref="RestCall{TRequest}"/>), so both doors take the same checks.
/// </summary>
internal abstract class RpcConsumer<TRequest>(RpcAnswers answers) : IConsumer<TRequest> where TRequest : class
{
    /// <summary>The waits before each try again after a passing failure: about 3 s in all.</summary>
    private static readonly int[] RetryDelaysMs = [100, 200, 400, 800, 1600];

    public async Task Consume(ConsumeContext<TRequest> context)
    {
        // MassTransit holds the envelope's message_id as a UUID and reads it only after the consumer ran (to log
        // the request consumed): one that is not a UUID would throw there, after the answer, and the error pipe
        // would answer again. Read first, it throws before anything is carried out or answered, and
        // UnreadableRequestFilter gives the one answer — as for a request_id that is not a UUID, read just below.
        _ = context.MessageId;
        if (RpcReply.For(context.ReceiveContext, context.ResponseAddress, context.RequestId) is not { } reply)
        {
            answers.Unanswerable(context.ReceiveContext.InputAddress.AbsolutePath);
            return;
        }
        await RunAsync(new BusCall<TRequest>(context, reply));
    }

    /// <summary>Checks the request, carries it out and answers <paramref name="call"/>: exactly once.</summary>
    public async Task RunAsync(RpcCall<TRequest> call)
    {
        if (Contracts.Validate(call.Message) is { Count: > 0 } errors)
        {
            await call.InvalidAsync(errors);
            return;
        }
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await AnswerAsync(call);
                return;
            }
            catch (Exception e) when (IsPassing(e) && !call.IsAnswered && attempt < RetryDelaysMs.Length)
            {
                answers.Retrying(typeof(TRequest).Name, e.Message, RetryDelaysMs[attempt]);
                await Task.Delay(RetryDelaysMs[attempt], call.CancellationToken);
            }
            catch (Exception e) when (call.IsAnswered)
            {
                // What follows an answer only tells the workers, and the sweeper finds what they were not told.
                answers.FailedAfterAnswer(e, typeof(TRequest).Name);
                return;
            }
            catch (Exception e) when (!call.CancellationToken.IsCancellationRequested)
            {
                var code = IsPassing(e) ? RpcFaultCode.Unavailable : RpcFaultCode.InternalError;
                answers.Failed(e, typeof(TRequest).Name, Schema.Json.NfpJson.WireName(code));
                await call.AnswerAsync(new RpcFault(code, code == RpcFaultCode.Unavailable
                    ? $"The manager could not reach what it needs in time ({e.Message}); nothing was changed. Try again."
                    : $"The manager failed to carry out the request ({e.GetType().Name}); nothing was changed.", []));
                return;
            }
        }
    }

    /// <summary>A failure that passes: PostgreSQL's (no connection slot, a connection lost) or a lifecycle driver's provider's (popd away a moment).</summary>
    private static bool IsPassing(Exception e) => e is NpgsqlException { IsTransient: true } or LifecycleDriverException { IsTransient: true };

    /// <summary>
    /// Carries out a valid request and answers it through <paramref name="call"/>. Whatever it writes must be
    /// in one transaction committed just before the answer: it may be run again after a passing failure.
    /// </summary>
    protected abstract Task AnswerAsync(RpcCall<TRequest> call);
}
