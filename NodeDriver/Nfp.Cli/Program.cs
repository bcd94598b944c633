using Grpc.Core;
using Nfp.Cli;
using Nfp.Cli.Pop;
using Nfp.Cli.Service;
using Nfp.Pop.Client;

// The popd that --host/--auth (or POP_HOST/POP_AUTH) name; its login token is revoked once the command is done.
PopClient? client = null;
var pop = new PopCli(
    target => client = PopClient.For(new PopClientOptions(target.Host, target.Credentials.User, target.Credentials.Password)),
    Console.Out, Console.Error);

// The manager's REST API that --url/--token name: its network services and devices, and the tokens an admin manages.
using var rest = new HttpClientHandler();
var service = new ServiceCli(rest, Console.Out, Console.Error);
var token = new Nfp.Cli.Token.TokenCli(rest, Console.Out, Console.Error);

var exitCode = await NfpCli.InvokeAsync(args, pop, service, token: token);

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
return exitCode;
