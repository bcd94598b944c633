using System.Text.Json;
using System.Text.Json.Nodes;
using Nfp.NetworkServiceManager.Api.Auth;
using Nfp.NetworkServiceManager.Persistence;
using Nfp.NetworkServiceManager.Rpc;
using Nfp.Schema.Json;
using Nfp.Schema.Rpc;
using Nfp.Schema.Validation;

namespace Nfp.NetworkServiceManager.Api;

/// <summary>
/// The operator API's writes and actions. Each is the node driver's RPC of the same name carried over
/// HTTP — the same contract, checks, operation and answer, by the same consumer (<see cref="RpcConsumer{TRequest}"/>
/// run with a <see cref="RestCall{TRequest}"/>): a body is the RPC's message without the service's id, which
/// the path gives. An accepted write is <c>202</c> with <see cref="NetworkServiceAccepted"/> and
/// <c>Location: /v1/operations/{operation_id}</c>; a refusal is problem+json (<see cref="FaultProblems"/>).
/// A member writes its tenant's services (another tenant's is a 404, a create in another tenant a 403);
/// failover and retry are an admin's.
/// </summary>
public static class WriteViews
{
    public static IEndpointRouteBuilder MapWriteViewsV1(this IEndpointRouteBuilder app)
    {
        var write = app.MapGroup("/v1").RequireAuthorization(ApiPolicies.Write).WithTags("network_services").Writes();
        // A cast: a handler of HttpContext alone would bind as a RequestDelegate. The body is read by hand
        // (ReadAsync), to refuse it naming the fields as the RPC does; Accepts describes it.
        write.MapPost("/network_services", (Delegate)CreateAsync).Accepts<CreateNetworkService>("application/json");
        write.MapPut("/network_services/{id:guid}", (HttpContext context, Guid id) =>
            FromBodyAsync<UpdateNetworkServiceConsumer, UpdateNetworkService>(context, id)).Accepts<UpdateNetworkService>("application/json");
        write.MapDelete("/network_services/{id:guid}", (HttpContext context, Guid id) =>
            OnVisibleAsync<DeleteNetworkServiceConsumer, DeleteNetworkService>(context, id, new DeleteNetworkService(id)));
        write.MapPost("/network_services/{id:guid}/members", (HttpContext context, Guid id) =>
            FromBodyAsync<PolicyTargetAddedConsumer, PolicyTargetAddedNotification>(context, id)).Accepts<PolicyTargetAddedNotification>("application/json");
        write.MapDelete("/network_services/{id:guid}/members/{memberId:guid}", RemoveMemberAsync);
        write.MapPost("/network_services/{id:guid}/consumers", (HttpContext context, Guid id) =>
            FromBodyAsync<ConsumerPtgAddedConsumer, ConsumerPtgAddedNotification>(context, id)).Accepts<ConsumerPtgAddedNotification>("application/json");
        write.MapDelete("/network_services/{id:guid}/consumers/{consumerPtgId:guid}", RemoveConsumerAsync);
        write.MapPut("/network_services/{id:guid}/chain_parameters", (HttpContext context, Guid id) =>
            FromBodyAsync<ChainParametersUpdatedConsumer, ChainParametersUpdatedNotification>(context, id))
            .Accepts<ChainParametersUpdatedNotification>("application/json");

        var act = app.MapGroup("/v1").RequireAuthorization(ApiPolicies.Admin).Writes();
        act.MapPost("/network_services/{id:guid}/failover", (HttpContext context, Guid id) =>
            CallAsync<FailoverNetworkServiceConsumer, FailoverNetworkService>(context, new FailoverNetworkService(id))).WithTags("network_services");
        act.MapPost("/network_services/{id:guid}/retry", (HttpContext context, Guid id) =>
            CallAsync<RetryNetworkServiceConsumer, RetryNetworkService>(context, new RetryNetworkService(id))).WithTags("network_services");
        act.MapPost("/nsds/{id:guid}/failover", (HttpContext context, Guid id) =>
            CallAsync<FailoverNsdConsumer, FailoverNsd>(context, new FailoverNsd(id))).WithTags("nsds");
        return app;
    }

    /// <summary>A write's OpenAPI description: 202 with the operation, and its refusals.</summary>
    private static RouteGroupBuilder Writes(this RouteGroupBuilder group) =>
        group.WithMetadata(new ProducesResponseTypeMetadata(StatusCodes.Status202Accepted, typeof(NetworkServiceAccepted), ["application/json"]))
            .Refuses(StatusCodes.Status400BadRequest).Refuses(StatusCodes.Status401Unauthorized).Refuses(StatusCodes.Status403Forbidden)
            .Refuses(StatusCodes.Status404NotFound).Refuses(StatusCodes.Status409Conflict);

    /// <summary><c>POST /v1/network_services</c>: create_network_service; a member's in its own tenant.</summary>
    private static async Task<IResult> CreateAsync(HttpContext context)
    {
        var read = await ReadAsync<CreateNetworkService>(context, null);
        if (read.Value is not { } request)
        {
            return Invalid(read.Errors);
        }
        var caller = Caller.Of(context.User);
        return caller.Sees(request.TenantId)
            ? await CallAsync<CreateNetworkServiceConsumer, CreateNetworkService>(context, request)
            : FaultProblems.Forbidden($"A {NfpJson.WireName(caller.Role)} token creates network services in its own tenant ({caller.TenantId}) only.");
    }

    /// <summary><c>DELETE /v1/network_services/{id}/members/{member_id}</c>: policy_target_removed_notification of that member.</summary>
    private static async Task<IResult> RemoveMemberAsync(HttpContext context, Guid id, Guid memberId, NetworkServiceDetails details) =>
        await details.FindAsync(id, context.RequestAborted) is not { } detail || !Caller.Of(context.User).Sees(detail.NetworkService.TenantId)
            ? FaultProblems.NotFound($"network_service {id}")
            : detail.Members.FirstOrDefault(m => m.Id == memberId) is not { } member
                ? FaultProblems.NotFound($"member {memberId} of network_service {id}")
                : await CallAsync<PolicyTargetRemovedConsumer, PolicyTargetRemovedNotification>(context, new PolicyTargetRemovedNotification(id, member));

    /// <summary><c>DELETE /v1/network_services/{id}/consumers/{consumer_ptg_id}</c>: consumer_ptg_removed_notification of the group as it was added.</summary>
    private static async Task<IResult> RemoveConsumerAsync(HttpContext context, Guid id, Guid consumerPtgId, OperationRepository operations) =>
        !await VisibleAsync(context, id)
            ? FaultProblems.NotFound($"network_service {id}")
            : await operations.LastAddedConsumerAsync(id, consumerPtgId, context.RequestAborted) is not { } consumer
                ? FaultProblems.NotFound($"consumer_ptg {consumerPtgId} of network_service {id}")
                : await CallAsync<ConsumerPtgRemovedConsumer, ConsumerPtgRemovedNotification>(context, new ConsumerPtgRemovedNotification(id, consumer));

    /// <summary>A write on the service <paramref name="id"/>, <paramref name="request"/>, if the caller sees the service (else 404).</summary>
    private static async Task<IResult> OnVisibleAsync<TConsumer, TRequest>(HttpContext context, Guid id, TRequest request)
        where TConsumer : RpcConsumer<TRequest>
        where TRequest : class =>
        await VisibleAsync(context, id) ? await CallAsync<TConsumer, TRequest>(context, request) : FaultProblems.NotFound($"network_service {id}");

    /// <summary>A write on the service <paramref name="id"/> whose request is the body with the service's id added, if the caller sees the service (else 404).</summary>
    private static async Task<IResult> FromBodyAsync<TConsumer, TRequest>(HttpContext context, Guid id)
        where TConsumer : RpcConsumer<TRequest>
        where TRequest : class
    {
        if (!await VisibleAsync(context, id))
        {
            return FaultProblems.NotFound($"network_service {id}");
        }
        var read = await ReadAsync<TRequest>(context, id);
        return read.Value is { } valid ? await CallAsync<TConsumer, TRequest>(context, valid) : Invalid(read.Errors);
    }

    private static async Task<bool> VisibleAsync(HttpContext context, Guid id) =>
        await context.RequestServices.GetRequiredService<NetworkServiceRepository>().FindAsync(id, cancellationToken: context.RequestAborted) is { } service
        && Caller.Of(context.User).Sees(service.TenantId);

    /// <summary>Carries <paramref name="request"/> out as the RPC does, and answers as HTTP.</summary>
    private static async Task<IResult> CallAsync<TConsumer, TRequest>(HttpContext context, TRequest request)
        where TConsumer : RpcConsumer<TRequest>
        where TRequest : class
    {
        var call = new RestCall<TRequest>(request, context.RequestAborted);
        await context.RequestServices.GetRequiredService<TConsumer>().RunAsync(call);
        return call.Answer switch
        {
            NetworkServiceAccepted accepted => TypedResults.Accepted($"/v1/operations/{accepted.OperationId}", accepted),
            RpcFault fault => FaultProblems.Of(fault),
            var other => throw new InvalidOperationException($"{typeof(TRequest).Name} was answered with {other?.GetType().Name ?? "nothing"}."),
        };
    }

    /// <summary>
    /// Reads the body as <typeparamref name="TRequest"/> — with <c>network_service_id</c> set to
    /// <paramref name="networkServiceId"/> when the path names the service — and checks it.
    /// </summary>
    private static async Task<ContractReadResult<TRequest>> ReadAsync<TRequest>(HttpContext context, Guid? networkServiceId) where TRequest : class
    {
        if (!context.Request.HasJsonContentType())
        {
            return Refused<TRequest>("", FieldErrorCodes.Malformed, "The body must be JSON (Content-Type: application/json).");
        }
        var text = await new StreamReader(context.Request.Body).ReadToEndAsync(context.RequestAborted);
        JsonNode? body;
        try
        {
            body = JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return Contracts.Read<TRequest>(text); // which names where the JSON breaks
        }
        if (networkServiceId is not { } id)
        {
            return Contracts.Read<TRequest>(text);
        }
        if (body is not JsonObject fields)
        {
            return Refused<TRequest>("", FieldErrorCodes.Malformed, "The body must be a JSON object.");
        }
        if (fields.ContainsKey("network_service_id"))
        {
            return Refused<TRequest>("network_service_id", FieldErrorCodes.UnknownField, "The network service is named by the path, not the body.");
        }
        fields["network_service_id"] = id.ToString();
        return Contracts.Read<TRequest>(JsonSerializer.SerializeToElement(fields));
    }

    private static ContractReadResult<T> Refused<T>(string field, string code, string message) where T : class =>
        new(null, [new FieldError(field, code, message)]);

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult Invalid(IReadOnlyList<FieldError> errors) =>
        FaultProblems.Of(new RpcFault(RpcFaultCode.InvalidRequest, "The request body is invalid.", errors));
}
