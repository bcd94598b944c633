using System.CommandLine;
using Grpc.Core;
using Nfp.Pop.Client;
using Nfp.Cli.Output;

namespace Nfp.Cli.Pop;

/// <summary>
/// <c>nfp pop</c>: an operator's commands against a popd. The options every subcommand takes:
/// <c>--host</c> (else <c>POP_HOST</c>, else <see cref="PopTarget.DefaultHost"/>), <c>--auth user:password</c>
/// (else <c>POP_AUTH</c>; the password is never printed or logged), <c>-f table|json|yaml</c>. Each command
/// runs through <see cref="RunAsync"/>, which turns the options into a <see cref="PopTarget"/>, asks
/// <c>connect</c> for a client — the real one in <c>Program</c>, an in-process popd's in the tests — and
/// prints a refused call as <c>error: &lt;StatusCode&gt;: &lt;detail&gt;</c> on <see cref="Error"/>, exiting with
/// <see cref="PopExitCodes.Of"/> its status.
/// </summary>
/// <param name="connect">Gives the client of a target; called at most once per command, after the options are checked.</param>
/// <param name="output">Where results go (stdout).</param>
/// <param name="error">Where errors go (stderr).</param>
/// <param name="environment">Reads <c>POP_HOST</c> and <c>POP_AUTH</c>; the process environment unless a test gives its own.</param>
public sealed class PopCli(Func<PopTarget, PopClient> connect, TextWriter output, TextWriter error, Func<string, string?>? environment = null)
{
    public const string HostVariable = "POP_HOST";
    public const string AuthVariable = "POP_AUTH";

    private readonly Func<string, string?> _environment = environment ?? Environment.GetEnvironmentVariable;

    public TextWriter Output { get; } = output;

    public TextWriter Error { get; } = error;

    internal Option<string?> Host { get; } = new("--host")
    {
        Description = $"popd's address: http://HOST:PORT, https://HOST:PORT, HOST:PORT or unix:PATH [default: ${HostVariable}, else {PopTarget.DefaultHost}]",
        HelpName = "address",
        Recursive = true,
        CustomParser = result => PopTarget.NormalizeHost(result.Tokens.Single().Value)
            ?? Invalid<string>(result, "--host must be http://HOST:PORT, https://HOST:PORT, HOST:PORT or unix:PATH."),
    };

    internal Option<PopCredentials?> Auth { get; } = new("--auth")
    {
        Description = $"who logs in to popd [default: ${AuthVariable}]",
        HelpName = "user:password",
        Recursive = true,
        // The message never repeats the token: it may be a password without its user.
        CustomParser = result => PopCredentials.Parse(result.Tokens.Single().Value)
            ?? Invalid<PopCredentials>(result, "--auth must be user:password."),
    };

    internal Option<string> Format { get; } = FormatOption.Create();

    /// <summary>The <c>pop</c> command with every subcommand.</summary>
    public Command CreateCommand()
    {
        var pop = new Command("pop", "Drive a popd: containers (\"servers\"), their metadata, images, networks and flavours.")
        {
            Host, Auth, Format,
        };
        foreach (var command in ListCommands.Create(this)
            .Concat(ContainerCommands.Create(this))
            .Append(MetadataCommands.Create(this))
            .Append(NetworkCommands.Create(this)))
        {
            pop.Subcommands.Add(command);
        }
        return pop;
    }

    /// <summary>
    /// Runs <paramref name="action"/> against the target the options name; the exit code is
    /// <see cref="PopExitCodes.Success"/>, <see cref="PopExitCodes.Usage"/> when POP_HOST or POP_AUTH is
    /// malformed or no credentials are given, or <see cref="PopExitCodes.Of"/> the status popd refused with.
    /// </summary>
    internal async Task<int> RunAsync(ParseResult parse, Func<PopClient, CliOutput, CancellationToken, Task> action, CancellationToken cancellationToken)
    {
        var (target, problem) = Target(parse);
        if (target is null)
        {
            await Error.WriteLineAsync($"error: {problem}");
            return PopExitCodes.Usage;
        }
        var format = FormatOption.Read(parse, Format);
        try
        {
            await action(connect(target), CliOutput.For(Output, format, _environment), cancellationToken);
            return PopExitCodes.Success;
        }
        catch (RpcException e)
        {
            await Error.WriteLineAsync($"error: {e.StatusCode}: {e.Status.Detail}");
            return PopExitCodes.Of(e.StatusCode);
        }
    }

    private (PopTarget? Target, string? Problem) Target(ParseResult parse)
    {
        var host = parse.GetValue(Host);
        if (host is null && _environment(HostVariable) is { Length: > 0 } hostVariable)
        {
            host = PopTarget.NormalizeHost(hostVariable);
            if (host is null)
            {
                return (null, $"{HostVariable} must be http://HOST:PORT, https://HOST:PORT, HOST:PORT or unix:PATH.");
            }
        }
        var credentials = parse.GetValue(Auth);
        if (credentials is null && _environment(AuthVariable) is { Length: > 0 } authVariable)
        {
            credentials = PopCredentials.Parse(authVariable);
            if (credentials is null)
            {
                return (null, $"{AuthVariable} must be user:password.");
            }
        }
        return credentials is null
            ? (null, $"no credentials: give --auth user:password or set {AuthVariable}.")
            : (new PopTarget(host ?? PopTarget.DefaultHost, credentials), null);
    }

    private static T? Invalid<T>(System.CommandLine.Parsing.ArgumentResult result, string message)
    {
        result.AddError(message);
        return default;
    }
}
