using System.CommandLine;
using System.CommandLine.Invocation;
using Nfp.Cli.Pop;

namespace Nfp.Cli;

/// <summary>The <c>nfp</c> operator CLI: its commands, and one invocation of them.</summary>
public static class NfpCli
{
    public static RootCommand Create(PopCli pop) => new("nfp: operate NFP — its Pop devices, and (to come) the Network Service Manager.")
    {
        pop.CreateCommand(),
    };

    /// <summary>
    /// Parses and runs <paramref name="args"/>, help and parse errors going to the <paramref name="pop"/>'s
    /// writers. Bad usage exits <see cref="PopExitCodes.Usage"/> (System.CommandLine itself would say 1).
    /// </summary>
    public static async Task<int> InvokeAsync(IReadOnlyList<string> args, PopCli pop, CancellationToken cancellationToken = default)
    {
        var parse = Create(pop).Parse(args);
        var exitCode = await parse.InvokeAsync(new InvocationConfiguration { Output = pop.Output, Error = pop.Error }, cancellationToken);
        return parse.Action is ParseErrorAction ? PopExitCodes.Usage : exitCode;
    }
}
