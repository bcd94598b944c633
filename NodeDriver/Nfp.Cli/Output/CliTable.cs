namespace Nfp.Cli.Output;

/// <summary>The table form of one kind of message: its column headers and the rows one message gives.</summary>
internal sealed class CliTable<T>(IReadOnlyList<string> headers, Func<T, IEnumerable<IReadOnlyList<string>>> rows)
{
    public IReadOnlyList<string> Headers { get; } = headers;

    public IEnumerable<IReadOnlyList<string>> Rows(T item) => rows(item);

    /// <summary>One row per message, one cell per column.</summary>
    public static CliTable<T> RowEach(params (string Header, Func<T, string> Cell)[] columns) =>
        new(columns.Select(c => c.Header).ToArray(), item => [columns.Select(c => c.Cell(item)).ToArray()]);
}
