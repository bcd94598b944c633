using System.CommandLine;

namespace Nfp.Cli.Output;

/// <summary><c>--format</c>/<c>-f</c> <c>table|json|yaml</c>, taken by every command of a command group.</summary>
internal static class FormatOption
{
    public static Option<string> Create()
    {
        var format = new Option<string>("--format", "-f")
        {
            Description = "how to print the result",
            Recursive = true,
            DefaultValueFactory = _ => "table",
        };
        format.AcceptOnlyFromAmong("table", "json", "yaml");
        return format;
    }

    public static OutputFormat Read(ParseResult parse, Option<string> option) =>
        Enum.Parse<OutputFormat>(parse.GetValue(option)!, ignoreCase: true);
}
