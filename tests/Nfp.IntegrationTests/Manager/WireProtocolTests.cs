using System.Text.Json;
using Nfp.IntegrationTests.Fixtures;
using Nfp.Schema.Rpc;

namespace Nfp.IntegrationTests.Manager;

/// <summary>
/// The manager driven as docs/rpc.md tells a client in another language to drive it: plain AMQP with
/// the JSON envelope written by hand (RabbitMQ.Client, no MassTransit), a reply exchange and queue of
/// the client's own.
/// </summary>
public sealed class WireProtocolTests(ManagerServer manager) : IClassFixture<ManagerServer>
{
    /// <summary>Publishes one request envelope to the RPC's queue and returns the reply envelope.</summary>
    private async Task<JsonElement> AskAsync(string queue, string messageType, object message)
    {
        await using var client = await RawAmqpClient.ConnectAsync();
        return await client.AskAtExchangeAsync(manager.QueuePrefix, queue, messageType, message);
    }

    private Task<JsonElement> CreateAsync(Guid tenant) => AskAsync(
        $"{manager.QueuePrefix}-create-network-service", "urn:message:Nfp.Schema.Rpc:CreateNetworkService", new
        {
            tenant_id = tenant,
            service_id = Guid.NewGuid(),
            service_profile = new { id = Guid.NewGuid(), service_type = "loadbalancer", service_vendor = "haproxy", allow_sharing = false },
            port_info = new[]
            {
                new { id = Guid.NewGuid(), port_policy = "neutron_port", port_classification = "provider", network = "web" },
                new { id = Guid.NewGuid(), port_policy = "neutron_port", port_classification = "consumer", network = "users" },
            },
            name = "lb-from-amqp",
        });

    [Fact]
    public async Task A_hand_written_create_is_accepted_and_a_get_reads_it_back()
    {
        var created = await CreateAsync(Guid.NewGuid());

        Assert.Equal("urn:message:Nfp.Schema.Rpc:NetworkServiceAccepted", created.GetProperty("message_type")[0].GetString());
        var accepted = created.GetProperty("message");
        Assert.Equal("PENDING_CREATE", accepted.GetProperty("provisioning_status").GetString());
        var id = accepted.GetProperty("network_service_id").GetGuid();
        var read = await AskAsync($"{manager.QueuePrefix}-get-network-service", "urn:message:Nfp.Schema.Rpc:GetNetworkService",
            new { network_service_id = id });
        Assert.Equal("urn:message:Nfp.Schema.Rpc:NetworkServiceDetail", read.GetProperty("message_type")[0].GetString());
        var service = read.GetProperty("message").GetProperty("network_service");
        Assert.Equal(("lb-from-amqp", "loadbalancer"), (service.GetProperty("name").GetString(), service.GetProperty("service_type").GetString()));
        Assert.Equal(2, read.GetProperty("message").GetProperty("ports").GetArrayLength());
    }

    [Fact]
    public async Task Refusals_come_back_as_rpc_faults_with_their_code_and_fields()
    {
        var missing = await AskAsync($"{manager.QueuePrefix}-get-network-service", "urn:message:Nfp.Schema.Rpc:GetNetworkService",
            new { network_service_id = Guid.NewGuid() });
        var invalid = await CreateAsync(Guid.Empty);

        Assert.Equal("urn:message:Nfp.Schema.Rpc:RpcFault", missing.GetProperty("message_type")[0].GetString());
        Assert.Equal("not_found", missing.GetProperty("message").GetProperty("code").GetString());
        Assert.Equal("invalid_request", invalid.GetProperty("message").GetProperty("code").GetString());
        var error = invalid.GetProperty("message").GetProperty("errors")[0];
        Assert.Equal(("tenant_id", "required"), (error.GetProperty("field").GetString(), error.GetProperty("code").GetString()));
    }
}
