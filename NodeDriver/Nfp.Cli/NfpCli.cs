using System.CommandLine;
using System.CommandLine.Invocation;
using Nfp.Cli.Pop;
using Nfp.Cli.Service;

namespace Nfp.Cli;

/// <summary>The <c>nfp</c> operator CLI: its commands, and one invocation of them.</summary>
public static class NfpCli
{
    public static RootCommand Create(PopCli pop, ServiceCli? service = null, Token.TokenCli? token = null)
    {
        var root = new RootCommand("nfp: operate NFP — its network services (the Network Service Manager) and its Pop devices.")
        {
            pop.CreateCommand(),
        };
        if (service is not null)
        {
            root.Subcommands.Add(service.CreateCommand());
            root.Subcommands.Add(service.CreateNsdCommand());
        }
        if (token is not null)
        {
            root.Subcommands.Add(token.CreateCommand());
        }
        return root;
    }

    /// <summary>
    /// Parses and runs <paramref name="args"/>, help and parse errors going to the <paramref name="pop"/>'s
    /// writers. Bad usage exits <see cref="PopExitCodes.Usage"/> (System.CommandLine itself would say 1).
    /// </summary>
    public static async Task<int> InvokeAsync(
        IReadOnlyList<string> args, PopCli pop, ServiceCli? service = null, Token.TokenCli? token = null, CancellationToken cancellationToken = default)
    {
        // No response files: "@FILE" is --config's file (ServiceCommands), not more arguments.
        var parse = Create(pop, service, token).Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        var exitCode = await parse.InvokeAsync(new InvocationConfiguration { Output = pop.Output, Error = pop.Error }, cancellationToken);
        return parse.Action is ParseErrorAction ? PopExitCodes.Usage : exitCode;
    }
}
