using System.Text.Json;
using MassTransit;
using Nfp.NetworkServiceManager.Persistence;
using Nfp.Schema.Json;
using Nfp.Schema.Resources;
using Nfp.Schema.Rpc;
using Npgsql;

namespace Nfp.Bench.Manager;

/// <summary>
/// The RPC floor, as a process of its own like the manager: this bench run again with
/// <c>--bare-responder QUEUE PAYLOAD-FILE</c> answers get_network_service on QUEUE with the payload at once;
/// on QUEUE-read with the payload after one PostgreSQL round trip (SELECT 1 on <c>ConnectionStrings__Postgres</c>);
/// and on QUEUE-detail with what the manager's own read (<see cref="NetworkServiceDetails"/>) finds there.
/// It runs until it is killed.
/// </summary>
internal static class BareResponder
{
    public const string Argument = "--bare-responder";

    /// <summary>The queue of the path that reads PostgreSQL first.</summary>
    public static string ReadQueue(string queue) => $"{queue}-read";

    /// <summary>The queue of the path that answers with the manager's read.</summary>
    public static string DetailQueue(string queue) => $"{queue}-detail";

    public static async Task<int> RunAsync(string queue, string payloadFile)
    {
        var payload = JsonSerializer.Deserialize<NetworkServiceDetail>(await File.ReadAllTextAsync(payloadFile), NfpJson.Options)!;
        var database = BenchEnvironment.Get("ConnectionStrings__Postgres");
        await using var store = NpgsqlDataSource.Create(database);
        // A pool of its own: the manager's read prepares its statements, which changes how Npgsql resets a
        // pooled connection, and the SELECT 1 path keeps the reset every unprepared read has.
        await using var detailStore = NpgsqlDataSource.Create(database);
        var details = new NetworkServiceDetails(detailStore, new NetworkServiceRepository(detailStore),
            new NetworkServiceDeviceRepository(detailStore), new OperationRepository(detailStore), new NetworkServiceInstanceRepository(detailStore));
        var bus = Bus.Factory.CreateUsingRabbitMq(rabbit =>
        {
            rabbit.Host(new Uri(BenchEnvironment.Get("ConnectionStrings__RabbitMq")));
            rabbit.ConfigureJsonSerializerOptions(NfpJson.Configure);
            rabbit.ReceiveEndpoint(queue, endpoint => endpoint.Handler<GetNetworkService>(context => context.RespondAsync(payload)));
            rabbit.ReceiveEndpoint(ReadQueue(queue), endpoint => endpoint.Handler<GetNetworkService>(async context =>
            {
                await using var connection = await store.OpenConnectionAsync(context.CancellationToken);
                await using var select = new NpgsqlCommand("SELECT 1", connection);
                await select.ExecuteScalarAsync(context.CancellationToken);
                await context.RespondAsync(payload);
            }));
            rabbit.ReceiveEndpoint(DetailQueue(queue), endpoint => endpoint.Handler<GetNetworkService>(async context =>
                await context.RespondAsync((await details.FindAsync(context.Message.NetworkServiceId, context.CancellationToken))!)));
        });
        await bus.StartAsync(TimeSpan.FromSeconds(30));
        await Task.Delay(Timeout.Infinite);
        return 0;
    }
}
