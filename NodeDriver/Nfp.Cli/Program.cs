using Grpc.Core;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Nfp.Cli;
using Nfp.Cli.Pop;
using Nfp.Cli.Service;
using Nfp.NodeDriver;
using Nfp.Pop.Client;

// The popd that --host/--auth (or POP_HOST/POP_AUTH) name; its login token is revoked once the command is done.
PopClient? client = null;
var pop = new PopCli(
    target => client = PopClient.For(new PopClientOptions(target.Host, target.Credentials.User, target.Credentials.Password)),
    Console.Out, Console.Error);

// The manager that --rabbitmq/--prefix name, through the node driver's client; its bus is stopped once the command is done.
ServiceProvider? nodeDriver = null;
var service = new ServiceCli(target =>
{
    nodeDriver = new ServiceCollection()
        .AddLogging()
        .AddNfpNodeDriver(options => (options.RabbitMq, options.QueuePrefix) = (target.RabbitMq, target.QueuePrefix))
        .BuildServiceProvider();
    nodeDriver.GetRequiredService<IBusControl>().Start(TimeSpan.FromSeconds(30));
    return nodeDriver.GetRequiredService<INetworkServiceClient>();
}, Console.Out, Console.Error);

var exitCode = await NfpCli.InvokeAsync(args, pop, service);

if (client is not null)
{
    try
    {
        await client.LogoutAsync();
    }
    catch (RpcException)
    {
        // popd is gone or the token already expired: nothing left to revoke.
    }
}
if (nodeDriver is not null)
{
    await nodeDriver.GetRequiredService<IBusControl>().StopAsync(TimeSpan.FromSeconds(10));
    await nodeDriver.DisposeAsync();
}
return exitCode;
