using System.Diagnostics.Metrics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Nfp.IntegrationTests.Fixtures;
using Nfp.NetworkServiceManager.Rpc;
using static Nfp.IntegrationTests.Fixtures.RawAmqpClient;

namespace Nfp.IntegrationTests.Manager;

/// <summary>
/// Every request on an RPC's queue is answered: what cannot be read gets the documented RpcFault naming
/// the field, through the AMQP reply_to when the envelope cannot be read; a request naming no reply
/// address is dropped and counted. None of it writes anything or leaves anything on the broker. The
/// bodies are published as raw AMQP, as a client in any language would.
/// </summary>
public sealed class UnreadableRequestTests(ManagerServer manager) : IClassFixture<ManagerServer>
{
    private static readonly TimeSpan AnswerWithin = TimeSpan.FromSeconds(5);

    /// <summary>A create that the manager accepts, as JSON to spoil one field of.</summary>
    private static JsonObject Create() => new()
    {
        ["tenant_id"] = Guid.NewGuid(),
        ["service_id"] = Guid.NewGuid(),
        ["service_profile"] = new JsonObject
        {
            ["id"] = Guid.NewGuid(), ["service_type"] = "loadbalancer", ["service_vendor"] = "haproxy", ["allow_sharing"] = false,
        },
        ["port_info"] = new JsonArray(new JsonObject
        {
            ["id"] = Guid.NewGuid(), ["port_policy"] = "neutron_port", ["port_classification"] = "provider", ["network"] = "web",
        }),
        ["name"] = "raw",
    };

    private static byte[] CreateWith(Action<JsonObject> spoil)
    {
        var create = Create();
        spoil(create);
        return Envelope(MessageType("CreateNetworkService"), create);
    }

    /// <summary><paramref name="envelope"/> with its key <paramref name="key"/> set to <paramref name="value"/>.</summary>
    private static byte[] WithEnvelopeKey(byte[] envelope, string key, string value)
    {
        var spoiled = JsonNode.Parse(envelope)!.AsObject();
        spoiled[key] = value;
        return Utf8(spoiled.ToJsonString());
    }

    private static readonly object PolicyTargetRemoved = new
    {
        network_service_id = Guid.NewGuid(),
        policy_target = new { id = Guid.NewGuid(), policy_target_group_id = Guid.NewGuid(), ip_address = "10.0.3.5" },
    };

    private sealed record RawCase(string Queue, Func<byte[]> Body, string Field, string Code);

    private static readonly Dictionary<string, RawCase> Cases = new()
    {
        ["body is not JSON"] = new("create-network-service", () => Utf8("""{"message_type": ["urn:message:Nfp.Schema.Rpc:Create"""), "", "malformed"),
        ["body is a JSON array"] = new("create-network-service", () => Utf8("[]"), "", "malformed"),
        ["message is not an object"] = new("create-network-service", () => Envelope(MessageType("CreateNetworkService"), 5), "message", "malformed"),
        ["message is absent"] = new("get-network-service", () => Utf8("""{"message_type": ["urn:message:Nfp.Schema.Rpc:GetNetworkService"]}"""),
            "message", "required"),
        ["an unknown field"] = new("create-network-service", () => CreateWith(c => c["colour"] = "red"), "colour", "unknown_field"),
        ["tenant_id absent"] = new("create-network-service", () => CreateWith(c => c.Remove("tenant_id")), "tenant_id", "required"),
        ["tenant_id null"] = new("create-network-service", () => CreateWith(c => c["tenant_id"] = null), "tenant_id", "required"),
        ["name a number"] = new("create-network-service", () => CreateWith(c => c["name"] = 123), "name", "malformed"),
        ["service_type unknown"] = new("create-network-service", () => CreateWith(c => c["service_profile"]!["service_type"] = "router"),
            "service_profile.service_type", "unknown_value"),
        ["port_classification unknown"] = new("create-network-service",
            () => CreateWith(c => c["port_info"]![0]!["port_classification"] = "sideways"), "port_info[0].port_classification", "unknown_value"),
        ["service_id not a UUID"] = new("create-network-service", () => CreateWith(c => c["service_id"] = "svc-1"), "service_id", "malformed_uuid"),
        ["get: network_service_id not a UUID"] = new("get-network-service",
            () => Envelope(MessageType("GetNetworkService"), new { network_service_id = "nope" }), "network_service_id", "malformed_uuid"),
        ["another message type on a known queue"] = new("create-network-service",
            () => Envelope(MessageType("GetNetworkService"), new { network_service_id = Guid.NewGuid() }), "message_type", "unknown_value"),
        // MassTransit reads message_id only after the consumer ran: it was answered twice, by the consumer and by the error pipe.
        ["message_id not a UUID"] = new("policy-target-removed",
            () => WithEnvelopeKey(Envelope(MessageType("PolicyTargetRemovedNotification"), PolicyTargetRemoved), "message_id", "admin"), "message_id", "malformed_uuid"),
        ["request_id not a UUID"] = new("get-network-service",
            () => WithEnvelopeKey(Envelope(MessageType("GetNetworkService"), new { network_service_id = Guid.NewGuid() }), "request_id", "req-1"), "request_id", "malformed_uuid"),
        ["a message type no one takes"] = new("delete-network-service",
            () => Envelope("urn:message:Nfp.Schema.Rpc:RebootEverything", new { }), "message_type", "unknown_value"),
    };

    public static TheoryData<string> CaseNames => new(Cases.Keys);

    [Theory, MemberData(nameof(CaseNames))]
    public async Task An_unreadable_request_is_answered_with_a_fault_naming_the_field_and_changes_nothing(string name)
    {
        var bad = Cases[name];
        var queue = $"{manager.QueuePrefix}-{bad.Queue}";
        await using var client = await ConnectAsync();

        var answer = await client.AskAsync(queue, bad.Body(), AnswerWithin) ?? throw new TimeoutException($"No answer to '{name}' within {AnswerWithin}.");

        Assert.Equal(MessageType("RpcFault"), answer.Envelope.GetProperty("message_type")[0].GetString());
        Assert.StartsWith("corr-", answer.CorrelationId, StringComparison.Ordinal);
        Assert.Equal(1, answer.Answers);
        var fault = answer.Envelope.GetProperty("message");
        Assert.Equal("invalid_request", fault.GetProperty("code").GetString());
        var error = Assert.Single(fault.GetProperty("errors").EnumerateArray());
        Assert.Equal((bad.Field, bad.Code), (error.GetProperty("field").GetString(), error.GetProperty("code").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()));
        await AssertNothingKeptAsync(client, queue);
    }

    [Fact]
    public async Task A_request_with_only_an_amqp_reply_to_is_answered_there_with_its_correlation_id()
    {
        await using var client = await ConnectAsync();
        var queue = $"{manager.QueuePrefix}-get-network-service";
        var id = Guid.NewGuid();

        var answer = await client.AskAsync(queue, Envelope(MessageType("GetNetworkService"), new { network_service_id = id }), AnswerWithin)
            ?? throw new TimeoutException("No answer.");

        Assert.Equal("not_found", answer.Envelope.GetProperty("message").GetProperty("code").GetString());
        Assert.Contains(id.ToString(), answer.Envelope.GetProperty("message").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("corr-", answer.CorrelationId, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_envelope_key_massTransit_does_not_know_is_ignored_but_a_message_field_is_not()
    {
        await using var client = await ConnectAsync();
        var queue = $"{manager.QueuePrefix}-get-network-service";
        var envelope = JsonNode.Parse(Envelope(MessageType("GetNetworkService"), new { network_service_id = Guid.NewGuid() }))!.AsObject();
        envelope["x_client_library"] = "pika 1.3";

        var answer = await client.AskAsync(queue, Utf8(envelope.ToJsonString()), AnswerWithin) ?? throw new TimeoutException("No answer.");

        Assert.Equal("not_found", answer.Envelope.GetProperty("message").GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_request_naming_no_reply_address_is_dropped_counted_and_makes_no_exchange()
    {
        await using var client = await ConnectAsync();
        string[] answerExchanges = ["Nfp.Schema.Rpc:NetworkServiceAccepted", "Nfp.Schema.Rpc:RpcFault"];
        foreach (var exchange in answerExchanges)
        {
            await client.DeleteExchangeAsync(exchange);
        }
        var meters = manager.Factory.Services.GetRequiredService<IMeterFactory>();
        long dropped = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, meterListener) =>
        {
            if (instrument.Meter.Scope == meters && instrument.Name == RpcAnswers.UnanswerableCounter)
            {
                meterListener.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref dropped, value));
        listener.Start();
        var queue = $"{manager.QueuePrefix}-create-network-service";

        var readable = await client.AskAsync(queue, Envelope(MessageType("CreateNetworkService"), Create()), TimeSpan.FromSeconds(1), replyTo: false);
        var unreadable = await client.AskAsync(queue, Utf8("[]"), TimeSpan.FromSeconds(1), replyTo: false);
        await Eventually.HoldsAsync(() => Task.FromResult(Interlocked.Read(ref dropped) == 2), TimeSpan.FromSeconds(10), "two drops counted");

        Assert.Null(readable);
        Assert.Null(unreadable);
        foreach (var exchange in answerExchanges)
        {
            Assert.False(await client.ExchangeExistsAsync(exchange), exchange);
        }
        await AssertNothingKeptAsync(client, queue);
    }

    /// <summary>No service or operation was written, and no error or skipped queue holds the request.</summary>
    private async Task AssertNothingKeptAsync(RawAmqpClient client, string queue)
    {
        await using var connection = await manager.Database.DataSource.OpenConnectionAsync();
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT (SELECT count(*) FROM network_services) + (SELECT count(*) FROM operations)"));
        Assert.True(await client.MessageCountAsync($"{queue}_error") is null or 0, $"{queue}_error holds messages");
        Assert.True(await client.MessageCountAsync($"{queue}_skipped") is null or 0, $"{queue}_skipped holds messages");
    }
}
