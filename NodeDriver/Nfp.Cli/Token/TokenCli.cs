using System.CommandLine;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Nfp.Cli.Manager;
using Nfp.Cli.Output;
using Nfp.Schema.Json;

namespace Nfp.Cli.Token;

/// <summary>
/// <c>nfp token</c>: an admin's commands on the operator API's bearer tokens, over the manager's REST API —
/// <c>create --tenant UUID --role member|reader [--name N] [--expires-in SECONDS]</c> (or <c>--role admin</c>
/// without a tenant), which prints the token's secret this once; <c>list</c>; <c>revoke ID</c>. The manager
/// is <c>--url</c> and the caller's token <c>--token</c> (<see cref="ManagerApi"/>). Exits 0 done, 2 bad
/// usage, 20 refused (the fields on stderr), 21 not found, 26 the manager unreachable, 30 unauthorized
/// (401) or forbidden (403).
/// </summary>
public sealed class TokenCli(HttpMessageHandler handler, TextWriter output, TextWriter error, Func<string, string?>? environment = null)
{
    public const int Refused = Service.ServiceExitCodes.InvalidRequest;
    public const int NotFound = Service.ServiceExitCodes.NotFound;
    public const int Unreachable = Service.ServiceExitCodes.Unreachable;
    public const int Denied = Service.ServiceExitCodes.Denied;

    private readonly Func<string, string?> _environment = environment ?? Environment.GetEnvironmentVariable;

    private ManagerApi? _api;

    private ManagerApi Api => _api ??= new ManagerApi(handler, _environment);

    private readonly Option<string> _format = FormatOption.Create();

    public Command CreateCommand()
    {
        var tenant = new Option<Guid?>("--tenant") { Description = "the tenant the token is of (not for an admin)" };
        var role = new Option<string>("--role") { Description = "admin, member or reader", Required = true };
        role.AcceptOnlyFromAmong("admin", "member", "reader");
        var name = new Option<string>("--name") { DefaultValueFactory = _ => "" };
        var expires = new Option<int?>("--expires-in") { Description = "seconds until the token expires (default: never)" };
        var create = new Command("create", "Make a token; its secret is printed this once.") { tenant, role, name, expires };
        create.SetAction((parse, ct) => RunAsync(parse, async (http, out_, token) =>
        {
            var request = new TokenRequest(parse.GetValue(tenant), parse.GetValue(role)!, parse.GetValue(name)!, parse.GetValue(expires));
            var response = await http.PostAsJsonAsync("v1/tokens", request, CliJson.Default.TokenRequest, token);
            var body = await AnswerAsync(response, token);
            out_.Record(body, Created);
        }, ct));
        var list = new Command("list", "List the tokens (never their secrets).");
        list.SetAction((parse, ct) => RunAsync(parse, async (http, out_, token) =>
            out_.Records((await AnswerAsync(await http.GetAsync("v1/tokens", token), token))["tokens"]!.AsArray().Select(t => t!.AsObject()), Listed), ct));
        var id = new Argument<Guid>("id") { Description = "the token's id" };
        var revoke = new Command("revoke", "Revoke a token: it is refused from the next request.") { id };
        revoke.SetAction((parse, ct) => RunAsync(parse, async (http, _, token) =>
            await AnswerAsync(await http.DeleteAsync($"v1/tokens/{parse.GetValue(id)}", token), token), ct));
        return new Command("token", "Manage the operator API's bearer tokens (an admin's).") { Api.Url, Api.Token, _format, create, list, revoke };
    }

    private static readonly CliRecord<JsonObject> Created = new(body =>
    [
        ("ID", Text(body["token"]!["id"])), ("ROLE", Text(body["token"]!["role"])), ("TENANT", Text(body["token"]!["tenant_id"])),
        ("EXPIRES", Text(body["token"]!["expires_at"])), ("SECRET", Text(body["secret"])),
    ]);

    private static readonly CliTable<JsonObject> Listed = new(
        (CliColumn.Kept("ID"), t => Text(t["id"])), (CliColumn.Kept("ROLE"), t => Text(t["role"])), (CliColumn.Kept("TENANT"), t => Text(t["tenant_id"])),
        (CliColumn.Kept("NAME"), t => Text(t["name"])), (CliColumn.Kept("EXPIRES"), t => Text(t["expires_at"])),
        (CliColumn.Kept("REVOKED"), t => Text(t["revoked_at"])));

    private static string Text(JsonNode? node) => node?.ToString() ?? "";

    private async Task<int> RunAsync(ParseResult parse, Func<HttpClient, CliOutput, CancellationToken, Task> action, CancellationToken cancellationToken)
    {
        var (connected, problem) = Api.Connect(parse);
        if (connected is null)
        {
            await error.WriteLineAsync($"error: {problem}");
            return Service.ServiceExitCodes.Usage;
        }
        using var http = connected;
        try
        {
            await action(http, CliOutput.For(output, FormatOption.Read(parse, _format), _environment), cancellationToken);
            return 0;
        }
        catch (ManagerRefusalException e)
        {
            return await e.ReportAsync(error);
        }
        catch (HttpRequestException e)
        {
            await error.WriteLineAsync($"error: the manager at {http.BaseAddress} could not be reached: {e.Message}");
            return Unreachable;
        }
    }

    /// <summary>The answer's JSON (an empty object for 204), or the refusal as a <see cref="ManagerRefusalException"/>.</summary>
    private static async Task<JsonObject> AnswerAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw await ManagerRefusalException.ReadAsync(response, cancellationToken);
        }
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        return text.Length == 0 ? [] : JsonNode.Parse(text)!.AsObject();
    }
}
