using System.CommandLine;
using Nfp.Cli.Manager;
using Nfp.Cli.Output;
using Nfp.NodeDriver;
using Nfp.Schema.Rpc;

namespace Nfp.Cli.Service;

/// <summary>
/// <c>nfp service</c> and <c>nfp nsd</c>: an operator's commands against the Network Service Manager, over
/// its REST API (<see cref="ManagerClient"/>; RabbitMQ stays the node driver's). Every subcommand takes
/// <c>--url</c> and <c>--token</c> (<see cref="ManagerApi"/>: else the environment, else
/// /etc/nfp/operator.env) and <c>-f table|json|yaml</c>. A refusal is printed as
/// <c>error: &lt;code&gt;: &lt;message&gt;</c> with one line per bad field (or quota gone over), and exits with
/// <see cref="ServiceExitCodes"/>.
/// </summary>
public sealed class ServiceCli
{
    private readonly Func<string, string?> _environment;

    public ServiceCli(HttpMessageHandler handler, TextWriter output, TextWriter error, Func<string, string?>? environment = null)
    {
        _environment = environment ?? Environment.GetEnvironmentVariable;
        Api = new ManagerApi(handler, _environment);
        (Output, Error) = (output, error);
    }

    public TextWriter Output { get; }

    public TextWriter Error { get; }

    internal ManagerApi Api { get; }

    internal Option<string> Format { get; } = FormatOption.Create();

    public Command CreateCommand()
    {
        var service = new Command("service", "Drive the Network Service Manager: create, update, delete, list and show network services.")
        {
            Api.Url, Api.Token, Format,
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
        Api.Url, Api.Token, Format, ServiceCommands.NsdFailoverCommand(this),
    };

    internal async Task<int> RunAsync(ParseResult parse, Func<ManagerClient, CliOutput, CancellationToken, Task> action, CancellationToken cancellationToken)
    {
        var (http, problem) = Api.Connect(parse);
        if (http is null)
        {
            await Error.WriteLineAsync($"error: {problem}");
            return ServiceExitCodes.Usage;
        }
        using (http)
        {
            try
            {
                await action(new ManagerClient(http), CliOutput.For(Output, FormatOption.Read(parse, Format), _environment), cancellationToken);
                return ServiceExitCodes.Success;
            }
            catch (ServiceNameException e)
            {
                await Error.WriteLineAsync($"error: {e.Message}");
                return e.ExitCode;
            }
            catch (ManagerRefusalException e)
            {
                return await e.ReportAsync(Error);
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
            catch (HttpRequestException e)
            {
                await Error.WriteLineAsync($"error: the manager at {http.BaseAddress} could not be reached: {e.Message}");
                return ServiceExitCodes.Unreachable;
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                await Error.WriteLineAsync($"error: the manager at {http.BaseAddress} did not answer within {ManagerApi.RequestTimeout.TotalSeconds:0} s.");
                return ServiceExitCodes.NoAnswer;
            }
        }
    }
}
