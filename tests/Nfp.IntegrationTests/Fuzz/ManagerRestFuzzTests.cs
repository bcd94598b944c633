using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using Nfp.IntegrationTests.Fixtures;
using Nfp.NetworkServiceManager.Persistence;
using Nfp.Schema.Resources;
using Xunit.Abstractions;

namespace Nfp.IntegrationTests.Fuzz;

/// <summary>
/// The operator API fuzzed: requests made from the manager's own route table (so that a route added later
/// is fuzzed too) with their path parameters, query strings, bodies, content types, methods and bearer
/// tokens mutated. Every request is answered, none with a 5xx, every 4xx with problem+json, and no row
/// changes. Inputs are invalid by construction wherever the caller could write: a token that may write
/// (an admin's, a member's) sends only bodies that cannot be read as any contract — not JSON, not an
/// object, or an object with a field no contract has — and, to the routes that change things, names
/// only resources that do not exist.
/// </summary>
public sealed class ManagerRestFuzzTests(KestrelManager kestrel, ITestOutputHelper output) : IClassFixture<KestrelManager>
{
    private ManagerServer Manager => kestrel.Server;

    private const int Seed = 160_001;
    private const int Inputs = 6_000;
    private const int Concurrency = 16;
    private static readonly TimeSpan AnswerWithin = TimeSpan.FromSeconds(20);

    private static readonly string[] Methods = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE", "FUZZ"];

    private static readonly string[] QueryKeys =
    [
        "limit", "marker", "sort", "sort_key", "sort_dir", "fields", "page_reverse", "tenant_id", "name", "provisioning_status",
        "operating_status", "resource_id", "id", "service_id", "service_chain_id", "state", "kind", "role", "service_vendor", "wait",
    ];

    private static readonly string?[] ContentTypes =
    [
        "application/json", "application/json", "application/json; charset=utf-8", "application/problem+json", "application/merge-patch+json",
        "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=fuzz", "application/xml", "application/json; charset=utf-16",
        "application/json;;;", "*/*", "", null,
    ];

    /// <summary>Who calls: no token, a malformed or unknown one, or a real one of each role.</summary>
    private enum Caller { None, Malformed, Unknown, Reader, ForeignMember, OwnerMember, Admin }

    private sealed record Seeded(Guid Tenant, IReadOnlyList<Guid> Ids, IReadOnlyDictionary<Caller, string> Tokens);

    private sealed record Request(int Index, string Method, string Target, Caller Caller, string? Authorization, string? ContentType, string? Body)
    {
        public string Describe() =>
            $"#{Index} {Method} {FuzzRandom.Show(Target, 300)} as {Caller}"
            + (Body is null ? "" : $" [{ContentType ?? "no content type"}] {FuzzRandom.Show(Body, 300)}");
    }

    [Fact]
    public async Task Mutated_requests_on_every_route_are_answered_below_500_with_problems_and_change_no_row()
    {
        var seeded = await SeedAsync();
        var routes = Routes();
        Assert.Contains(routes, route => route.Template == "/v1/network_services" && route.Methods.Contains("GET"));
        output.WriteLine($"{routes.Count} routes: {string.Join(", ", routes.Select(r => $"{string.Join('|', r.Methods)} {r.Template}"))}");
        var random = new FuzzRandom(Seed);
        var requests = Enumerable.Range(0, Inputs).Select(index => Make(random, index, routes, seeded)).ToList();
        var before = await TableRows.ReadAsync(Manager.Database.DataSource);

        var run = new FuzzRun("manager REST", Seed, output);
        using var http = Manager.Factory.CreateClient();
        await run.RunAsync(requests, Concurrency, request => request.Describe(), request => SendAsync(http, request));

        var changes = (await TableRows.ReadAsync(Manager.Database.DataSource)).ChangesSince(before);
        Assert.True(changes.Count == 0, $"Rows changed (seed {Seed}):\n{string.Join("\n", changes.Take(20))}");
        run.AssertNoFailures();
    }

    /// <summary>
    /// Answers the request must have: one within <see cref="AnswerWithin"/>, below 500, a 4xx as problem+json
    /// (but for Kestrel's own refusals, <see cref="KestrelHttp.IsRefusal"/>); returns its status. A
    /// connection Kestrel closed after such a refusal as the client reused it is tried once more.
    /// </summary>
    private static async Task<string> SendAsync(HttpClient http, Request request)
    {
        try
        {
            return await SendOnceAsync(http, request);
        }
        catch (HttpRequestException)
        {
            return await SendOnceAsync(http, request);
        }
    }

    private static async Task<string> SendOnceAsync(HttpClient http, Request request)
    {
        if (request.Body is { } oversized && KestrelHttp.IsOverLimit(oversized))
        {
            return await SendOverLimitAsync(http, request, oversized);
        }
        // As written: no dot segments resolved, no escapes decoded (only what HTTP cannot carry is escaped).
        var target = new Uri(http.BaseAddress!.GetLeftPart(UriPartial.Authority) + Wire(request.Target),
            new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), target);
        if (request.Authorization is { } authorization)
        {
            message.Headers.TryAddWithoutValidation("Authorization", authorization);
        }
        if (request.Body is { } body)
        {
            KestrelHttp.SetBody(message, body, request.ContentType);
        }
        return (await KestrelHttp.CheckedAsync(http, message, AnswerWithin)).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// A request with a body over the limit, sent with <see cref="RawHttp"/>: Kestrel may refuse it (413), or
    /// answer without reading it, and close the connection before it is all sent.
    /// </summary>
    private static async Task<string> SendOverLimitAsync(HttpClient http, Request request, string body)
    {
        var headers = new List<string>();
        if (request.Authorization is { } authorization)
        {
            headers.Add($"Authorization: {authorization}");
        }
        if (request.ContentType is { } contentType)
        {
            headers.Add($"Content-Type: {contentType}");
        }
        var bytes = Encoding.UTF8.GetBytes(body);
        using var timeout = new CancellationTokenSource(AnswerWithin);
        try
        {
            return KestrelHttp.Check(await RawHttp.SendAsync(http.BaseAddress!, request.Method, Wire(request.Target), headers, bytes.Length, bytes,
                RawHttp.After.Wait, timeout.Token), request.Method);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            throw new TimeoutException($"unanswered within {AnswerWithin.TotalSeconds} s");
        }
    }

    /// <summary><paramref name="target"/> with what a request line cannot carry (controls, spaces, non-ASCII) percent-encoded as UTF-8.</summary>
    private static string Wire(string target)
    {
        var wire = new StringBuilder();
        Span<byte> bytes = stackalloc byte[4];
        foreach (var rune in target.EnumerateRunes())
        {
            if (rune.Value is > 0x20 and < 0x7f && !"\"<>\\^`{|}".Contains((char)rune.Value, StringComparison.Ordinal))
            {
                wire.Append((char)rune.Value);
                continue;
            }
            foreach (var b in bytes[..rune.EncodeToUtf8(bytes)])
            {
                wire.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }
        return wire.ToString();
    }

    private sealed record Route(string Template, RoutePattern Pattern, IReadOnlyList<string> Methods);

    /// <summary>The manager's routes as its routing knows them, each with the methods it takes (all when it names none).</summary>
    private List<Route> Routes() =>
        Manager.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(endpoint => new Route("/" + endpoint.RoutePattern.RawText!.Trim('/'), endpoint.RoutePattern,
                endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.ToList() is { Count: > 0 } methods ? methods : Methods))
            .ToList();

    /// <summary>
    /// Resources of one tenant (two services, a device, a finished operation — nothing a worker would pick
    /// up) and a token of each role: a reader and a member of that tenant, a member of another.
    /// </summary>
    private async Task<Seeded> SeedAsync()
    {
        var tenant = Guid.NewGuid();
        var services = new NetworkServiceRepository(Manager.Database.DataSource);
        var first = await services.CreateAsync(Rows.NetworkService(tenant));
        var second = await services.CreateAsync(Rows.NetworkService(tenant) with { ProvisioningStatus = ProvisioningStatus.Error });
        var device = await new NetworkServiceDeviceRepository(Manager.Database.DataSource).CreateAsync(Rows.Device(tenant));
        var operation = await new OperationRepository(Manager.Database.DataSource).CreateAsync(
            Rows.Operation(first.Id, OperationKind.Monitor) with { State = OperationState.Failed, Error = "seeded" });
        using var admin = Manager.Http();
        var tokens = new Dictionary<Caller, string> { [Caller.Admin] = Manager.AdminToken };
        var tokenIds = new List<Guid>();
        foreach (var (caller, role, owner) in new[] { (Caller.Reader, "reader", tenant), (Caller.OwnerMember, "member", tenant), (Caller.ForeignMember, "member", Guid.NewGuid()) })
        {
            var response = await admin.PostAsJsonAsync(new Uri("/v1/tokens", UriKind.Relative), new { tenant_id = owner, role, name = $"fuzz {caller}" });
            var made = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            Assert.True(response.IsSuccessStatusCode, made.GetRawText());
            tokens[caller] = made.GetProperty("secret").GetString()!;
            tokenIds.Add(made.GetProperty("token").GetProperty("id").GetGuid());
        }
        return new Seeded(tenant, [tenant, first.Id, second.Id, device.Id, operation.Id, .. tokenIds], tokens);
    }

    private static Request Make(FuzzRandom random, int index, IReadOnlyList<Route> routes, Seeded seeded)
    {
        var route = random.Pick(routes);
        var method = random.Chance(0.8) ? random.Pick(route.Methods) : random.Pick(Methods);
        var caller = random.Chance(0.45) ? Caller.Admin : random.Pick(Enum.GetValues<Caller>());
        var writes = method is not ("GET" or "HEAD" or "OPTIONS" or "TRACE");
        // An admin's or the owner's write must not name a real resource: whatever else is wrong with it,
        // it could otherwise be carried out. Another tenant's member sees none of them (404).
        IReadOnlyList<Guid> seededIds = writes && caller is Caller.Admin or Caller.OwnerMember ? [] : seeded.Ids;
        var path = random.Chance(0.1) ? MangledPath(random, route.Template) : Path(random, route.Pattern, seededIds);
        var query = random.Chance(0.6) ? Query(random, seeded.Ids) : "";
        string? body = null;
        string? contentType = null;
        if (writes || random.Chance(0.1))
        {
            contentType = random.Pick(ContentTypes);
            body = random.Chance(0.005)
                ? $"{{\"name\":\"{new string('a', (int)Hosting.BadRequestProblems.MaxRequestBodyBytes)}\"}}"
                : caller is Caller.Admin or Caller.OwnerMember or Caller.ForeignMember ? Unreadable(random, seeded) : AnyBody(random, seeded);
        }
        return new Request(index, method, path + query, caller, Authorization(random, caller, seeded), contentType, body);
    }

    private static string? Authorization(FuzzRandom random, Caller caller, Seeded seeded) => caller switch
    {
        Caller.None => null,
        Caller.Malformed => random.OneOf("Bearer", "Bearer ", "bearer " + seeded.Tokens[Caller.Admin], "Basic dGVzdGVyOnRlc3Rlcg==",
            "Token " + seeded.Tokens[Caller.Admin], "Bearer  ", seeded.Tokens[Caller.Admin]),
        Caller.Unknown => "Bearer " + random.OneOf("x", new string('a', 10_000), "%00", seeded.Tokens[Caller.Admin] + "x", random.Guid().ToString(),
            seeded.Tokens[Caller.Admin][..^1], "' OR '1'='1"),
        _ => "Bearer " + seeded.Tokens[caller],
    };

    /// <summary>The route's path, each parameter a seeded id, a random UUID, or a nasty value, raw or percent-encoded.</summary>
    private static string Path(FuzzRandom random, RoutePattern pattern, IReadOnlyList<Guid> seededIds)
    {
        var path = new StringBuilder();
        foreach (var segment in pattern.PathSegments)
        {
            path.Append('/');
            foreach (var part in segment.Parts)
            {
                path.Append(part switch
                {
                    RoutePatternLiteralPart literal => literal.Content,
                    RoutePatternSeparatorPart separator => separator.Content,
                    RoutePatternParameterPart => random.Int(0, 10) switch
                    {
                        < 4 when seededIds.Count > 0 => random.Pick(seededIds).ToString(),
                        < 6 => random.Guid().ToString(),
                        < 8 => Uri.EscapeDataString(random.Text()),
                        _ => random.Text().Replace("?", "", StringComparison.Ordinal).Replace("#", "", StringComparison.Ordinal),
                    },
                    _ => "",
                });
            }
        }
        return path.Length == 0 ? "/" : path.ToString();
    }

    /// <summary>A path next to a route's: a segment changed, added or doubled, its case or version changed, or a traversal.</summary>
    private static string MangledPath(FuzzRandom random, string template)
    {
        var segments = template.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(s => s.StartsWith('{') ? random.Guid().ToString() : s).ToList();
        return random.Int(0, 7) switch
        {
            0 => "/" + string.Join('/', segments) + "/" + Uri.EscapeDataString(random.Text()),
            1 => "/" + string.Join('/', segments).ToUpperInvariant(),
            2 => "/" + string.Join('/', segments).Replace("v1", random.OneOf("v2", "v0", "V1", "v1.0", ""), StringComparison.Ordinal),
            3 => "/" + string.Join("//", segments) + "/",
            4 => "/" + string.Join('/', segments) + random.OneOf("/..", "/../tokens", "/%2e%2e/tokens", "/.", ";x=1", "%2F", "%00"),
            5 => "/" + Uri.EscapeDataString(random.Unicode(random.Int(1, 30))),
            _ => "/" + string.Join('/', segments.Select(s => random.Chance(0.3) ? Uri.EscapeDataString(random.Text(2000)) : s)),
        };
    }

    /// <summary>A query string: known and unknown keys, some repeated, with nasty values.</summary>
    private static string Query(FuzzRandom random, IReadOnlyList<Guid> seededIds)
    {
        var pairs = new List<string>();
        for (var i = random.Int(1, 6); i > 0; i--)
        {
            var key = random.Chance(0.8) ? random.Pick(QueryKeys) : random.Text(200);
            var value = random.Int(0, 8) switch
            {
                0 => random.Pick(seededIds).ToString(),
                1 => random.OneOf("1", "0", "-1", "1000", "1001", "2147483648", "100000000000"),
                2 => random.OneOf("id:asc", "name:desc,created_at", "created_at:sideways", "nope:asc", "id:asc,id:desc", ":", "id:", string.Join(',', Enumerable.Repeat("id:asc", 300))),
                3 => random.OneOf("id", "id,name", "nope", "id,,name", "network_service.id", string.Join(',', FuzzRandom.FieldNames)),
                _ => random.Text(8000),
            };
            var pair = $"{Escape(random, key)}={Escape(random, value)}";
            pairs.Add(pair);
            if (random.Chance(0.15))
            {
                pairs.Add(pair);
            }
        }
        return "?" + string.Join(random.Chance(0.95) ? "&" : ";", pairs);
    }

    private static string Escape(FuzzRandom random, string text) =>
        random.Chance(0.8) ? Uri.EscapeDataString(text) : text.Replace("#", "%23", StringComparison.Ordinal).Replace("&", "%26", StringComparison.Ordinal);

    /// <summary>Any body, even a valid one: sent only by callers who may not write (none, a bad token, a reader).</summary>
    private static string AnyBody(FuzzRandom random, Seeded seeded)
    {
        var json = random.Chance(0.5) ? FuzzBodies.CreateNetworkService(random, seeded.Tenant) : FuzzBodies.Other(random, seeded.Tenant, random.Pick(seeded.Ids));
        return random.Int(0, 5) switch
        {
            0 => json.ToJsonString(),
            1 => random.Spoil(json.ToJsonString()),
            2 => random.Json()?.ToJsonString() ?? "null",
            _ => random.Mutate(json)?.ToJsonString() ?? "null",
        };
    }

    /// <summary>
    /// A body no route can take as a contract, however else it is mutated: text that is not JSON, a JSON
    /// value that is not an object or list, or an object with a field no contract has (the API refuses
    /// unknown fields) somewhere among the others.
    /// </summary>
    private static string Unreadable(FuzzRandom random, Seeded seeded)
    {
        var json = random.Chance(0.6) ? FuzzBodies.CreateNetworkService(random, seeded.Tenant) : FuzzBodies.Other(random, seeded.Tenant, random.Guid());
        var mutated = random.Chance(0.7) ? random.Mutate(json) : json;
        switch (random.Int(0, 6))
        {
            case 0:
                var spoiled = random.Spoil(mutated?.ToJsonString() ?? "");
                if (!FuzzBodies.IsJson(spoiled))
                {
                    return spoiled;
                }
                break;
            case 1:
                var text = random.Text(100_000);
                return FuzzBodies.IsJson(text) ? "x" + text : text;
            case 2:
                return random.OneOf("\"text\"", "1", "-1", "true", "false", "1e400", $"\"{random.Guid()}\"", "");
        }
        var fields = (mutated as JsonObject ?? json).Select(pair => (pair.Key, pair.Value?.DeepClone())).ToList();
        fields.Insert(random.Int(0, fields.Count + 1), ($"fuzz_unknown_{random.Int(0, 100)}", random.Json(1)));
        return new JsonObject(fields.Select(pair => KeyValuePair.Create(pair.Key, pair.Item2))).ToJsonString();
    }
}
