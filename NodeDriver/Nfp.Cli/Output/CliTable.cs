namespace Nfp.Cli.Output;

/// <summary>
/// The table form of one kind of item: one row per item, one cell per column. Its <see cref="Record"/>
/// prints a single item: every column, the record-only ones too, one a line and never cut.
/// </summary>
internal sealed class CliTable<T>
{
    private readonly (CliColumn Column, Func<T, string> Cell)[] _listed;

    public CliTable(params (CliColumn Column, Func<T, string> Cell)[] columns)
    {
        _listed = columns.Where(c => !c.Column.RecordOnly).ToArray();
        Record = new CliRecord<T>(item => columns.Select(c => (c.Column.Header, c.Cell(item))));
    }

    /// <summary>The columns a list shows.</summary>
    public IReadOnlyList<CliColumn> Columns => _listed.Select(c => c.Column).ToArray();

    public CliRecord<T> Record { get; }

    public IReadOnlyList<string> Row(T item) => _listed.Select(c => c.Cell(item)).ToArray();
}
