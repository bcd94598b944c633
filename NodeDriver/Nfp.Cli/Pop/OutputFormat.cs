namespace Nfp.Cli.Pop;

/// <summary>How <c>-f</c> prints what popd answered.</summary>
public enum OutputFormat
{
    /// <summary>A Spectre.Console table with the columns an operator reads first.</summary>
    Table,

    /// <summary>The messages in the proto3 JSON mapping with the proto's snake_case field names.</summary>
    Json,

    /// <summary>The same tree as <see cref="Json"/>, written as YAML.</summary>
    Yaml,
}
