using System.Net;
using System.Text.Json;
using Nfp.Schema.Json;
using Nfp.Schema.Rpc;
using Nfp.Schema.Validation;

namespace Nfp.Cli.Manager;

/// <summary>The manager's answer to a request it did not take: its HTTP status and its problem+json read as the RPC's <see cref="RpcFault"/>.</summary>
public sealed class ManagerRefusalException(HttpStatusCode status, RpcFault fault) : Exception($"{(int)status} {fault.Message}")
{
    public HttpStatusCode Status { get; } = status;

    public RpcFault Fault { get; } = fault;

    /// <summary>The token was refused (401) or does not allow the request (403).</summary>
    public bool IsDenied => Status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden;

    /// <summary>The refusal an answer that is not a success carries.</summary>
    public static async Task<ManagerRefusalException> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        JsonElement problem = default;
        try
        {
            problem = text.Length > 0 ? JsonDocument.Parse(text).RootElement : default;
        }
        catch (JsonException)
        {
            // Not a problem+json (a proxy's page?): the status says it.
        }
        string? Text(string name) => problem.ValueKind == JsonValueKind.Object && problem.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
        var code = Text("code") is { } wire && NfpJson.TryParseWireName<RpcFaultCode>(wire, out var parsed) ? parsed : response.StatusCode switch
        {
            HttpStatusCode.NotFound => RpcFaultCode.NotFound,
            HttpStatusCode.Conflict => RpcFaultCode.Conflict,
            HttpStatusCode.ServiceUnavailable => RpcFaultCode.Unavailable,
            >= HttpStatusCode.InternalServerError => RpcFaultCode.InternalError,
            _ => RpcFaultCode.InvalidRequest,
        };
        var errors = problem.ValueKind == JsonValueKind.Object && problem.TryGetProperty("errors", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.Deserialize(CliJson.Default.IReadOnlyListFieldError) ?? []
            : [];
        var quotas = problem.ValueKind == JsonValueKind.Object && problem.TryGetProperty("quotas", out var used) && used.ValueKind == JsonValueKind.Array
            ? used.Deserialize(CliJson.Default.IReadOnlyListQuotaUse)
            : null;
        return new ManagerRefusalException(response.StatusCode, new RpcFault(code, Text("detail") ?? response.ReasonPhrase ?? "", errors, quotas));
    }

    /// <summary>
    /// Prints the refusal on <paramref name="error"/> — <c>error: CODE: MESSAGE</c>, then a line per field at
    /// fault and per quota gone over — and returns what the command exits with (<see cref="Service.ServiceExitCodes"/>).
    /// </summary>
    public async Task<int> ReportAsync(TextWriter error)
    {
        await error.WriteLineAsync(IsDenied
            ? $"error: {(int)Status} {Fault.Message} (the token is refused, or its role or tenant does not allow this)"
            : $"error: {NfpJson.WireName(Fault.Code)}: {Fault.Message}");
        foreach (var field in Fault.Errors)
        {
            await error.WriteLineAsync($"  {field.Field}: {field.Code}: {field.Message}");
        }
        foreach (var quota in Fault.Quotas ?? [])
        {
            await error.WriteLineAsync($"  {quota.Quota}: limit {quota.Limit}, in use {quota.InUse}, requested {quota.Requested}");
        }
        return IsDenied ? Service.ServiceExitCodes.Denied : Fault.Code switch
        {
            RpcFaultCode.NotFound => Service.ServiceExitCodes.NotFound,
            RpcFaultCode.Conflict => Service.ServiceExitCodes.Conflict,
            RpcFaultCode.QuotaExceeded => Service.ServiceExitCodes.QuotaExceeded,
            RpcFaultCode.Unavailable => Service.ServiceExitCodes.Unavailable,
            RpcFaultCode.InternalError => Service.ServiceExitCodes.InternalError,
            _ => Service.ServiceExitCodes.InvalidRequest,
        };
    }
}
