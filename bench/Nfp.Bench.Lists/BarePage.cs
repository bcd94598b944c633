using System.Text.Json;
using MassTransit;
using Nfp.Schema.Json;
using Nfp.Schema.Rpc;

namespace Nfp.Bench.Lists;

/// <summary>
/// The floor of a list page, as a process of its own like the manager: this bench run again with
/// <c>--bare-page QUEUE PAYLOAD-FILE</c> answers get_network_services on QUEUE at once with the page in the
/// file (a bare MassTransit consumer, NFP's JSON). It runs until it is killed.
/// </summary>
internal static class BarePage
{
    public const string Argument = "--bare-page";

    public static async Task<int> RunAsync(string queue, string payloadFile)
    {
        var page = JsonSerializer.Deserialize<NetworkServiceList>(await File.ReadAllTextAsync(payloadFile), NfpJson.Options)!;
        var bus = Bus.Factory.CreateUsingRabbitMq(rabbit =>
        {
            rabbit.Host(new Uri(BenchEnvironment.Get("ConnectionStrings__RabbitMq")));
            rabbit.ConfigureJsonSerializerOptions(NfpJson.Configure);
            rabbit.ReceiveEndpoint(queue, endpoint => endpoint.Handler<GetNetworkServices>(context => context.RespondAsync(page)));
        });
        await bus.StartAsync(TimeSpan.FromSeconds(30));
        await Task.Delay(Timeout.Infinite);
        return 0;
    }
}
