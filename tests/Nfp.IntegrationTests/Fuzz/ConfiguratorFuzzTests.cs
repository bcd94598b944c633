using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Nfp.IntegrationTests.Fixtures;
using Nfp.Schema.Configurator;
using Nfp.Schema.Json;
using Xunit.Abstractions;

namespace Nfp.IntegrationTests.Fuzz;

/// <summary>
/// The configurator's REST fuzzed: its methods called with mutated config requests, content types and
/// method names, and its notification pull with mutated queries, through the fixture's own client (so
/// whatever credential the fixture's client carries, these requests carry too). Every request is answered
/// below 500, every 4xx with problem+json, and no call is accepted: each body is invalid by construction —
/// its context names the nil operation, or it holds a field no contract has — so a 202 would be a
/// configuration applied from a request the configurator should have refused.
/// </summary>
public sealed class ConfiguratorFuzzTests(ConfiguratorServer configurator, ITestOutputHelper output) : IClassFixture<ConfiguratorServer>
{
    private const int Seed = 160_004;
    private const int Inputs = 1_500;
    private const int Concurrency = 16;
    private static readonly TimeSpan AnswerWithin = TimeSpan.FromSeconds(20);

    private static readonly string[] Methods = Enum.GetValues<ConfiguratorMethod>().Select(NfpJson.WireName).ToArray();

    private sealed record Request(int Index, HttpMethod Method, string Target, string? ContentType, string? Body)
    {
        public string Describe() =>
            $"#{Index} {Method} {FuzzRandom.Show(Target, 300)}" + (Body is null ? "" : $" [{ContentType ?? "no content type"}] {FuzzRandom.Show(Body, 500)}");
    }

    [Fact]
    public async Task Mutated_config_calls_and_pulls_are_refused_below_500_with_problems()
    {
        var random = new FuzzRandom(Seed);
        var requests = Enumerable.Range(0, Inputs).Select(index => Make(random, index)).ToList();
        var run = new FuzzRun("configurator REST", Seed, output);

        await run.RunAsync(requests, Concurrency, request => request.Describe(), SendAsync);

        run.AssertNoFailures();
    }

    private async Task<string> SendAsync(Request request)
    {
        using var message = new HttpRequestMessage(request.Method, new Uri(request.Target, UriKind.Relative));
        if (request.Body is { } body)
        {
            message.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
            if (request.ContentType is { } contentType)
            {
                message.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            }
        }
        using var timeout = new CancellationTokenSource(AnswerWithin);
        HttpResponseMessage response;
        try
        {
            response = await configurator.Http.SendAsync(message, timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            throw new TimeoutException($"unanswered within {AnswerWithin.TotalSeconds} s");
        }
        using (response)
        {
            var status = (int)response.StatusCode;
            var text = await response.Content.ReadAsStringAsync(timeout.Token);
            Assert.True(status < 500, $"answered {status}: {FuzzRandom.Show(text, 2000)}");
            Assert.True(request.Method != HttpMethod.Post || status >= 400, $"accepted ({status}) a call invalid by construction");
            if (status >= 400)
            {
                Assert.True(response.Content.Headers.ContentType?.MediaType == "application/problem+json",
                    $"answered {status} as {response.Content.Headers.ContentType?.ToString() ?? "no content type"}, not problem+json: {FuzzRandom.Show(text)}");
                Assert.Equal(status, JsonDocument.Parse(text).RootElement.GetProperty("status").GetInt32());
            }
            return status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    private static Request Make(FuzzRandom random, int index)
    {
        if (random.Chance(0.15))
        {
            return new Request(index, random.Chance(0.9) ? HttpMethod.Get : HttpMethod.Delete, "/v1/nfp/get_notifications" + PullQuery(random), null, null);
        }
        // No NUL in the path: the in-process test server cannot carry one (the manager's fuzzer sends those over Kestrel).
        var method = random.Chance(0.85) ? random.Pick(Methods) : Uri.EscapeDataString(random.Text(2000).Replace("\0", "", StringComparison.Ordinal));
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
