namespace Nfp.Cli.Output;

/// <summary>How <c>-f</c> prints what popd or the manager answered.</summary>
public enum OutputFormat
{
    /// <summary>A Spectre.Console table with the columns an operator reads first.</summary>
    Table,

    /// <summary>The answer as JSON: Pop messages in the proto3 JSON mapping, NFP records in NFP's wire JSON (both snake_case).</summary>
    Json,

    /// <summary>The same tree as <see cref="Json"/>, written as YAML.</summary>
    Yaml,
}
