using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Nfp.IntegrationTests.Fixtures;
using Nfp.NetworkServiceManager.Persistence;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using Xunit.Abstractions;
using static Nfp.IntegrationTests.Fixtures.RawAmqpClient;

namespace Nfp.IntegrationTests.Fuzz;

/// <summary>
/// The node-driver RPC fuzzed as docs/rpc.md tells a client in any language to call it: raw AMQP to each
/// RPC's queue, with an AMQP reply_to, carrying a mutated envelope or message — or bytes that are neither.
/// Every request gets exactly one answer (a fault is fine, but not internal_error) and no row changes.
/// Inputs are invalid by construction where they could write: a create names the nil tenant (refused
/// after every other field is read and checked), every other write a network service or device that does
/// not exist.
/// </summary>
public sealed class ManagerRpcFuzzTests(ManagerServer manager, ITestOutputHelper output) : IClassFixture<ManagerServer>
{
    private const int Seed = 160_002;
    private const int Inputs = 1_500;
    private static readonly TimeSpan AnswersWithin = TimeSpan.FromSeconds(30);

    /// <summary>Each RPC's queue (docs/rpc.md), contract and a valid message of it; <c>service</c> names a network service (a random one for a write).</summary>
    private static readonly (string Queue, string Contract, bool Writes, Func<FuzzRandom, Guid, Guid, JsonObject> Message)[] Rpcs =
    [
        ("create-network-service", "CreateNetworkService", true, (r, tenant, _) => FuzzBodies.CreateNetworkService(r, tenant)),
        ("update-network-service", "UpdateNetworkService", true, (_, _, service) => new() { ["network_service_id"] = service, ["service_config"] = FuzzBodies.LoadBalancerConfig() }),
        ("delete-network-service", "DeleteNetworkService", true, (_, _, service) => new() { ["network_service_id"] = service }),
        ("retry-network-service", "RetryNetworkService", true, (_, _, service) => new() { ["network_service_id"] = service }),
        ("failover-network-service", "FailoverNetworkService", true, (_, _, service) => new() { ["network_service_id"] = service }),
        ("failover-nsd", "FailoverNsd", true, (_, _, service) => new() { ["nsd_id"] = service }),
        ("get-network-service", "GetNetworkService", false, (_, _, service) => new() { ["network_service_id"] = service }),
        ("get-network-services", "GetNetworkServices", false, (r, tenant, _) => new()
        {
            ["tenant_id"] = tenant, ["provisioning_status"] = "PENDING_CREATE", ["name"] = "web-lb", ["limit"] = r.Int(1, 1001), ["marker"] = null,
        }),
        ("policy-target-added", "PolicyTargetAddedNotification", true, (r, _, service) => new() { ["network_service_id"] = service, ["policy_target"] = FuzzBodies.PolicyTarget(r) }),
        ("policy-target-removed", "PolicyTargetRemovedNotification", true, (r, _, service) => new() { ["network_service_id"] = service, ["policy_target"] = FuzzBodies.PolicyTarget(r) }),
        ("consumer-ptg-added", "ConsumerPtgAddedNotification", true, (r, _, service) => new() { ["network_service_id"] = service, ["consumer_ptg"] = FuzzBodies.ConsumerPtg(r) }),
        ("consumer-ptg-removed", "ConsumerPtgRemovedNotification", true, (r, _, service) => new() { ["network_service_id"] = service, ["consumer_ptg"] = FuzzBodies.ConsumerPtg(r) }),
        ("chain-parameters-updated", "ChainParametersUpdatedNotification", true, (_, _, service) => new()
        {
            ["network_service_id"] = service, ["chain_parameters"] = new JsonObject { ["key"] = "value" },
        }),
    ];

    private sealed record Input(int Index, string Queue, string? ContentType, byte[] Body)
    {
        public string CorrelationId => $"fuzz-{Index}";

        public string Describe() => $"#{Index} to {Queue} [{ContentType ?? "no content type"}] {FuzzRandom.Show(Encoding.UTF8.GetString(Body), 600)}";
    }

    [Fact]
    public async Task Mutated_requests_on_every_rpc_queue_are_answered_once_without_internal_errors_and_change_no_row()
    {
        var tenant = Guid.NewGuid();
        var service = await new NetworkServiceRepository(manager.Database.DataSource).CreateAsync(Rows.NetworkService(tenant));
        var random = new FuzzRandom(Seed);
        var inputs = Enumerable.Range(0, Inputs).Select(index => Make(random, index, tenant, service.Id)).ToList();
        var before = await TableRows.ReadAsync(manager.Database.DataSource);
        var run = new FuzzRun("manager RPC", Seed, output);

        var answers = await AskAllAsync(inputs);

        await run.RunAsync(inputs, 1, input => input.Describe(), input => Task.FromResult(Check(answers.GetValueOrDefault(input.CorrelationId))));
        var changes = (await TableRows.ReadAsync(manager.Database.DataSource)).ChangesSince(before);
        Assert.True(changes.Count == 0, $"Rows changed (seed {Seed}):\n{string.Join("\n", changes.Take(20))}");
        run.AssertNoFailures();
    }

    /// <summary>Exactly one answer, a readable envelope, and no internal_error; returns its message type (and fault code).</summary>
    private static string Check(ConcurrentQueue<byte[]>? answers)
    {
        Assert.True(answers is { Count: > 0 }, $"unanswered within {AnswersWithin.TotalSeconds} s");
        Assert.True(answers.Count == 1, $"answered {answers.Count} times: {string.Join(" and ", answers.Select(a => FuzzRandom.Show(Encoding.UTF8.GetString(a), 300)))}");
        var envelope = JsonDocument.Parse(answers.First()).RootElement;
        var type = envelope.GetProperty("message_type")[0].GetString()!;
        if (type == MessageType("RpcFault"))
        {
            var code = envelope.GetProperty("message").GetProperty("code").GetString();
            Assert.True(code != "internal_error", $"answered internal_error: {envelope.GetProperty("message").GetRawText()}");
            return $"fault {code}";
        }
        return type.Split(':')[^1];
    }

    /// <summary>
    /// Publishes every input to its queue on one channel, answered at RabbitMQ's direct reply-to (which
    /// the same channel consumes), and collects the answers by correlation id until each has one, and a
    /// moment more for any second one.
    /// </summary>
    private async Task<ConcurrentDictionary<string, ConcurrentQueue<byte[]>>> AskAllAsync(IReadOnlyList<Input> inputs)
    {
        var answers = new ConcurrentDictionary<string, ConcurrentQueue<byte[]>>(StringComparer.Ordinal);
        await using var connection = await new ConnectionFactory { Uri = new Uri(NfpEnvironment.RabbitMq) }.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += (_, delivery) =>
        {
            answers.GetOrAdd(delivery.BasicProperties.CorrelationId ?? "", _ => new()).Enqueue(delivery.Body.ToArray());
            return Task.CompletedTask;
        };
        await channel.BasicConsumeAsync("amq.rabbitmq.reply-to", autoAck: true, consumer);
        foreach (var input in inputs)
        {
            var properties = new BasicProperties { ContentType = input.ContentType, CorrelationId = input.CorrelationId, ReplyTo = "amq.rabbitmq.reply-to" };
            await channel.BasicPublishAsync("", $"{manager.QueuePrefix}-{input.Queue}", false, properties, input.Body);
        }
        var until = DateTime.UtcNow + AnswersWithin;
        while (inputs.Any(input => !answers.ContainsKey(input.CorrelationId)) && DateTime.UtcNow < until)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }
        await Task.Delay(TimeSpan.FromSeconds(1));
        return answers;
    }

    private static Input Make(FuzzRandom random, int index, Guid tenant, Guid seededService)
    {
        var (queue, contract, writes, message) = random.Pick(Rpcs);
        // A write names a service (or device) that does not exist; a read may name the seeded one.
        var json = message(random, tenant, writes || random.Chance(0.5) ? random.Guid() : seededService);
        JsonNode? mutated = random.Chance(0.85) ? random.Mutate(json) : json;
        if (contract == "CreateNetworkService" && mutated is JsonObject create)
        {
            create["tenant_id"] = Guid.Empty;
        }
        var envelope = new JsonObject
        {
            ["message_id"] = random.Guid(),
            ["request_id"] = random.Guid(),
            ["message_type"] = new JsonArray(MessageType(random.Chance(0.9) ? contract : random.Pick(Rpcs).Contract)),
            ["message"] = mutated,
        };
        if (random.Chance(0.2))
        {
            SpoilEnvelope(random, envelope);
        }
        var text = envelope.ToJsonString();
        var body = random.Int(0, 20) switch
        {
            0 => random.Bytes(random.Int(0, 4096)),
            1 or 2 => Utf8(Spoiled(random, text, contract)),
            _ => Utf8(text),
        };
        var contentType = random.Chance(0.9) ? "application/vnd.masstransit+json" : random.OneOf("application/json", "text/plain", null, "application/vnd.masstransit+xml");
        return new Input(index, queue, contentType, body);
    }

    /// <summary>The envelope's own fields spoilt (never its response_address: the answer would go elsewhere, unseen).</summary>
    private static void SpoilEnvelope(FuzzRandom random, JsonObject envelope)
    {
        var field = random.OneOf("message_id", "request_id", "message_type", "message", "headers", "sent_time", "host", "conversation_id");
        envelope[field] = random.Int(0, 4) switch
        {
            0 => null,
            1 => JsonValue.Create(random.Text()),
            2 => random.Json(2),
            _ => JsonValue.Create(random.MangledGuid()),
        };
        if (random.Chance(0.2))
        {
            envelope.Remove(field);
        }
    }

    /// <summary>The request as text spoilt; a create's spoilt text keeps its nil tenant unless it no longer reads as JSON at all.</summary>
    private static string Spoiled(FuzzRandom random, string text, string contract)
    {
        var spoiled = random.Spoil(text);
        return contract == "CreateNetworkService" && FuzzBodies.IsJson(spoiled) ? text : spoiled;
    }
}
