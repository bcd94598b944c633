using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Nfp.IntegrationTests.Fixtures;
using Nfp.Schema.Configurator;
using Nfp.Schema.Json;
using Xunit.Abstractions;

namespace Nfp.IntegrationTests.Fuzz;

/// <summary>
/// The configurator's REST fuzzed over a real socket (<see cref="KestrelConfigurator"/>): its methods called
/// with mutated config requests, content types and method names (a NUL among them), and its notification
/// pull with mutated queries, through the fixture's own client (so whatever credential the fixture's
/// client carries, these requests carry too); a few calls framed badly — a body cut short of its
/// Content-Length, then closed (the connection ends) or stalled (408), or over the 1 MiB limit, sent or
/// only declared (413). Every request is answered below 500, every 4xx with problem+json, and no call is accepted: each
/// body is invalid by construction — its context names the nil operation, or it holds a field no contract
/// has — so a 202 would be a configuration applied from a request the configurator should have refused.
/// </summary>
public sealed class ConfiguratorFuzzTests(KestrelConfigurator kestrel, ITestOutputHelper output) : IClassFixture<KestrelConfigurator>
{
    private const int Seed = 160_004;
    private const int Inputs = 1_500;
    private const int Concurrency = 16;
    private static readonly TimeSpan AnswerWithin = TimeSpan.FromSeconds(20);

    private static readonly string[] Methods = Enum.GetValues<ConfiguratorMethod>().Select(NfpJson.WireName).ToArray();

    /// <summary>How a call's body is framed: whole, or badly (<see cref="FramingStatus"/> says what that must be answered).</summary>
    private enum Framing { Whole, CutShortThenClosed, CutShortThenStalled, TooLarge, DeclaredTooLarge }

    /// <summary>
    /// The answer to a badly framed call. A client that closes its side mid-body has hung up: Kestrel takes a
    /// half-close for that and ends the connection (null: no answer, none could be read), though a 400 would
    /// do too; one that stalls gets 408 once Kestrel's minimum data rate runs out; a body over the limit 413.
    /// </summary>
    private static readonly Dictionary<Framing, int?[]> FramingStatus = new()
    {
        [Framing.CutShortThenClosed] = [null, 400], [Framing.CutShortThenStalled] = [408], [Framing.TooLarge] = [413], [Framing.DeclaredTooLarge] = [413],
    };

    private sealed record Request(int Index, HttpMethod Method, string Target, string? ContentType, string? Body, Framing Framing = Framing.Whole)
    {
        public string Describe() =>
            $"#{Index} {Method} {FuzzRandom.Show(Target, 300)}" + (Body is null ? "" : $" [{ContentType ?? "no content type"}] {FuzzRandom.Show(Body, 500)}")
            + (Framing == Framing.Whole ? "" : $" framed {Framing}");
    }

    private ConfiguratorServer Configurator => kestrel.Server;

    [Fact]
    public async Task Mutated_config_calls_and_pulls_are_refused_below_500_with_problems()
    {
        var random = new FuzzRandom(Seed);
        var requests = Enumerable.Range(0, Inputs).Select(index => Make(random, index)).ToList();
        var run = new FuzzRun("configurator REST", Seed, output);

        await run.RunAsync(requests, Concurrency, request => request.Describe(), SendAsync);

        run.AssertNoFailures();
    }

    /// <summary>
    /// Answers the request must have: one within <see cref="AnswerWithin"/>, below 500, a 4xx as problem+json
    /// (but for Kestrel's own refusals, <see cref="KestrelHttp.IsRefusal"/>); returns its status. A
    /// connection Kestrel closed after such a refusal as the client reused it is tried once more.
    /// </summary>
    private async Task<string> SendAsync(Request request)
    {
        if (request.Framing != Framing.Whole || request.Body is { } body && KestrelHttp.IsOverLimit(body))
        {
            return await SendRawAsync(request);
        }
        try
        {
            return await SendOnceAsync(request);
        }
        catch (HttpRequestException)
        {
            return await SendOnceAsync(request);
        }
    }

    private async Task<string> SendOnceAsync(Request request)
    {
        using var message = new HttpRequestMessage(request.Method, new Uri(request.Target, UriKind.Relative));
        if (request.Body is { } body)
        {
            KestrelHttp.SetBody(message, body, request.ContentType);
        }
        var status = await KestrelHttp.CheckedAsync(Configurator.Http, message, AnswerWithin);
        Assert.True(request.Method != HttpMethod.Post || status >= 400, $"accepted ({status}) a call invalid by construction");
        return status.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// A call badly framed, or with a body over the limit, sent with <see cref="RawHttp"/>: a body cut short
    /// of its Content-Length, then closed or stalled; a Content-Length alone over the limit; a body over it
    /// (which Kestrel may refuse and close the connection on before it is all sent). Returns its status.
    /// </summary>
    private async Task<string> SendRawAsync(Request request)
    {
        var body = Encoding.UTF8.GetBytes(request.Body!);
        var (length, sent) = request.Framing switch
        {
            Framing.DeclaredTooLarge => (40_000_000L, body[..Math.Min(body.Length, 1000)]),
            Framing.CutShortThenClosed or Framing.CutShortThenStalled => (body.Length + 1L + (request.Index % 1000), body),
            _ => (body.Length, body),
        };
        var headers = Configurator.Http.DefaultRequestHeaders.Select(header => $"{header.Key}: {string.Join(", ", header.Value)}")
            .Concat(request.ContentType is null ? [] : [$"Content-Type: {request.ContentType}"]);
        using var timeout = new CancellationTokenSource(AnswerWithin);
        RawHttp.Answer? answer;
        try
        {
            answer = await RawHttp.SendAsync(Configurator.Http.BaseAddress!, request.Method.Method, request.Target, headers, length, sent,
                request.Framing == Framing.CutShortThenClosed ? RawHttp.After.Close : RawHttp.After.Wait, timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            throw new TimeoutException($"neither answered nor ended within {AnswerWithin.TotalSeconds} s");
        }
        if (FramingStatus.GetValueOrDefault(request.Framing) is { } expected)
        {
            Assert.True(expected.Contains(answer?.Status), $"{Shown(answer?.Status)}, not {string.Join(" or ", expected.Select(Shown))}");
        }
        return answer is null && request.Framing == Framing.CutShortThenClosed ? Shown(null) : KestrelHttp.Check(answer, request.Method.Method);
    }

    private static string Shown(int? status) =>
        status is { } answered ? answered.ToString(System.Globalization.CultureInfo.InvariantCulture) : "ended unanswered";

    private static Request Make(FuzzRandom random, int index)
    {
        if (random.Chance(0.03))
        {
            var framing = random.OneOf(Framing.CutShortThenClosed, Framing.CutShortThenStalled, Framing.TooLarge, Framing.DeclaredTooLarge);
            var body = framing == Framing.TooLarge
                ? $"{{\"info\":\"{new string('a', (int)Hosting.BadRequestProblems.MaxRequestBodyBytes)}\"}}"
                : Body(random);
            return new Request(index, HttpMethod.Post, $"/v1/nfp/{random.Pick(Methods)}", "application/json", body, framing);
        }
        if (random.Chance(0.15))
        {
            return new Request(index, random.Chance(0.9) ? HttpMethod.Get : HttpMethod.Delete, "/v1/nfp/get_notifications" + PullQuery(random), null, null);
        }
        var method = random.Chance(0.85) ? random.Pick(Methods) : Uri.EscapeDataString(random.Text(2000));
        var contentType = random.Chance(0.8) ? "application/json" : random.OneOf("text/plain", "application/xml", "application/json; charset=utf-16", "", null);
        return new Request(index, random.Chance(0.95) ? HttpMethod.Post : random.OneOf(HttpMethod.Put, HttpMethod.Get, HttpMethod.Patch),
            $"/v1/nfp/{method}", contentType, Body(random));
    }

    /// <summary>The pull's query: wait_milliseconds, acknowledged and configurator_instance spoilt; never a wait that would hold it long.</summary>
    private static string PullQuery(FuzzRandom random)
    {
        var pairs = new List<string>();
        foreach (var key in new[] { ConfiguratorApiRoutes.WaitMilliseconds, ConfiguratorApiRoutes.Acknowledged, ConfiguratorApiRoutes.ConfiguratorInstance, random.Text(50) })
        {
            if (random.Chance(0.5))
            {
                var value = random.Chance(0.3) ? random.OneOf("0", "-1", "3001", "99999999999", "1.5", "50") : random.Text(3000);
                pairs.Add($"{Uri.EscapeDataString(key)}={Uri.EscapeDataString(int.TryParse(value, out var wait) && wait > 50 && key == ConfiguratorApiRoutes.WaitMilliseconds ? "50" : value)}");
            }
        }
        return pairs.Count == 0 ? "" : "?" + string.Join('&', pairs);
    }

    /// <summary>
    /// A config request (docs/rpc.md) mutated, then made invalid: its context's operation_id the nil UUID
    /// (refused after every other field is read), or, where the mutation left no context, an unknown field.
    /// </summary>
    private static string Body(FuzzRandom random)
    {
        var request = new JsonObject
        {
            ["info"] = new JsonObject
            {
                ["service_type"] = random.OneOf("loadbalancer", "firewall", "vpn"),
                ["service_vendor"] = random.OneOf(ConfiguratorServer.Vendor, "haproxy", "iptables"),
                ["context"] = new JsonObject
                {
                    ["network_service_id"] = random.Guid(), ["nsd_id"] = random.Guid(), ["operation_id"] = random.Guid(), ["requester"] = "fuzz",
                    ["network_service_instance_id"] = random.Guid(),
                },
            },
            ["config"] = new JsonArray(Enumerable.Range(0, random.Int(0, 4)).Select(_ => (JsonNode)Resource(random)).ToArray()),
        };
        var mutated = random.Chance(0.8) ? random.Mutate(request) : request;
        if (mutated is JsonObject top && top["info"] is JsonObject info && info["context"] is JsonObject context)
        {
            context["operation_id"] = Guid.Empty;
        }
        else if (mutated is JsonObject other)
        {
            other[$"fuzz_unknown_{random.Int(0, 100)}"] = random.Json(1);
        }
        var text = mutated?.ToJsonString() ?? "null";
        var spoiled = random.Chance(0.15) ? random.Spoil(text) : text;
        return FuzzBodies.IsJson(spoiled) && spoiled != text ? text : spoiled;
    }

    private static JsonObject Resource(FuzzRandom random) => new()
    {
        ["resource"] = random.OneOf("interfaces", "routes", "healthmonitor", "firewall", "loadbalancer", "vpn", "vrrp", "nope"),
        ["resource_data"] = random.OneOf<JsonNode?>(
            new JsonObject { ["mgmt_ip_address"] = "10.1.0.5", ["interfaces"] = new JsonArray(new JsonObject { ["network"] = "provider" }) },
            new JsonObject { ["mgmt_ip_address"] = "10.1.0.5", ["routes"] = new JsonArray(new JsonObject { ["destination"] = "10.9.0.0/16", ["nexthop"] = "10.1.0.1" }) },
            new JsonObject { ["mgmt_ip_address"] = "10.1.0.5", ["rules"] = new JsonArray() },
            FuzzBodies.LoadBalancerConfig(),
            random.Json(2)),
    };
}
