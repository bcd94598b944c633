using System.CommandLine;
using MassTransit;
using Nfp.Cli.Output;
using Nfp.NodeDriver;
using Nfp.Schema.Rpc;

namespace Nfp.Cli.Service;

/// <summary>
/// <c>nfp service</c>: an operator's commands against the Network Service Manager, over the node-driver
/// RPCs (the same <see cref="INetworkServiceClient"/> a node driver uses). Every subcommand takes
/// <c>--rabbitmq URI</c> (else <c>NFP_RABBITMQ</c>, else <c>ConnectionStrings__RabbitMq</c> as
/// /etc/nfp/nfp.env sets it; the password in it is never printed), <c>--prefix</c> (the manager's queue
/// prefix, default nfp) and <c>-f table|json|yaml</c>. A refusal is printed as
/// <c>error: &lt;code&gt;: &lt;message&gt;</c> with one line per bad field, and exits with
/// <see cref="ServiceExitCodes"/>.
/// </summary>
/// <param name="connect">
/// Gives a client of the target: in <c>Program</c> a <see cref="ManagerConnection"/>'s, which throws
/// <see cref="RabbitMqUnreachableException"/> when the RabbitMQ cannot be connected to.
/// </param>
public sealed class ServiceCli(
    Func<ServiceTarget, CancellationToken, Task<INetworkServiceClient>> connect, TextWriter output, TextWriter error,
    Func<string, string?>? environment = null)
{
    public const string RabbitMqVariable = "NFP_RABBITMQ";
    public const string ConnectionStringVariable = "ConnectionStrings__RabbitMq";

    private readonly Func<string, string?> _environment = environment ?? Environment.GetEnvironmentVariable;

    public TextWriter Output { get; } = output;

    public TextWriter Error { get; } = error;

    internal Option<string?> RabbitMq { get; } = new("--rabbitmq")
    {
        Description = $"the manager's RabbitMQ, amqp://USER:PASSWORD@HOST/VHOST [default: ${RabbitMqVariable}, else ${ConnectionStringVariable}]",
        HelpName = "uri",
        Recursive = true,
    };

    internal Option<string> Prefix { get; } = new("--prefix")
    {
        Description = "the manager's queue prefix (its Rpc:QueuePrefix)",
        Recursive = true,
        DefaultValueFactory = _ => RpcQueues.DefaultPrefix,
    };

    internal Option<string> Format { get; } = FormatOption.Create();

    public Command CreateCommand()
    {
        var service = new Command("service", "Drive the Network Service Manager: create, update, delete, list and show network services.")
        {
            RabbitMq, Prefix, Format,
        };
        foreach (var command in ServiceCommands.Create(this))
        {
            service.Subcommands.Add(command);
        }
        return service;
    }

    /// <summary><c>nfp nsd</c>: actions on a network service device (its failover).</summary>
    public Command CreateNsdCommand() => new("nsd", "Act on a network service device: fail it over.")
    {
        RabbitMq, Prefix, Format, ServiceCommands.NsdFailoverCommand(this),
    };

    internal async Task<int> RunAsync(ParseResult parse, Func<INetworkServiceClient, CliOutput, CancellationToken, Task> action, CancellationToken cancellationToken)
    {
        var rabbitMq = parse.GetValue(RabbitMq) ?? _environment(RabbitMqVariable) ?? _environment(ConnectionStringVariable);
        if (string.IsNullOrWhiteSpace(rabbitMq) || !Uri.TryCreate(rabbitMq, UriKind.Absolute, out var uri) || uri.Scheme is not ("amqp" or "amqps"))
        {
            await Error.WriteLineAsync($"error: give the manager's RabbitMQ as --rabbitmq amqp://… or set {RabbitMqVariable}.");
            return ServiceExitCodes.Usage;
        }
        try
        {
            var client = await connect(new ServiceTarget(rabbitMq, parse.GetValue(Prefix)!), cancellationToken);
            await action(client, CliOutput.For(Output, FormatOption.Read(parse, Format), _environment), cancellationToken);
            return ServiceExitCodes.Success;
        }
        catch (RabbitMqUnreachableException e)
        {
            await Error.WriteLineAsync($"error: {e.Message}");
            return ServiceExitCodes.Unreachable;
        }
        catch (ServiceNameException e)
        {
            await Error.WriteLineAsync($"error: {e.Message}");
            return e.ExitCode;
        }
        catch (NetworkServiceRpcException e)
        {
            await Error.WriteLineAsync($"error: {Schema.Json.NfpJson.WireName(e.Fault.Code)}: {e.Fault.Message}");
            foreach (var field in e.Fault.Errors)
            {
                await Error.WriteLineAsync($"  {field.Field}: {field.Code}: {field.Message}");
            }
            return e.Fault.Code switch
            {
                RpcFaultCode.NotFound => ServiceExitCodes.NotFound,
                RpcFaultCode.Conflict => ServiceExitCodes.Conflict,
                RpcFaultCode.Unavailable => ServiceExitCodes.Unavailable,
                RpcFaultCode.InternalError => ServiceExitCodes.InternalError,
                _ => ServiceExitCodes.InvalidRequest,
            };
        }
        catch (NetworkServiceStatusException e)
        {
            await Error.WriteLineAsync($"error: {e.Message}");
            return ServiceExitCodes.Failed;
        }
        catch (TimeoutException e)
        {
            await Error.WriteLineAsync($"error: {e.Message}");
            return ServiceExitCodes.Timeout;
        }
        catch (RequestTimeoutException)
        {
            await Error.WriteLineAsync("error: the manager did not answer (is it running, with this --prefix?).");
            return ServiceExitCodes.NoAnswer;
        }
        catch (RequestException e) when (e.InnerException is MessageReturnedException)
        {
            // The client never declares the manager's queues; the broker returned the request for want of one.
            await Error.WriteLineAsync(
                $"error: no manager takes requests with --prefix {parse.GetValue(Prefix)} on this RabbitMQ: it has none of its queues (is the prefix right, has the manager run?).");
            return ServiceExitCodes.NoAnswer;
        }
    }
}
