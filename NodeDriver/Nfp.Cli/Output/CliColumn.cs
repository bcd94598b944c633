namespace Nfp.Cli.Output;

/// <summary>
/// A column of a list table, and how it gives way when the table is wider than the terminal. Columns yield
/// in the order of <see cref="Yields"/> (1 first) until the table fits: one with a <see cref="Shortest"/>
/// width is cut, as far as needed but no shorter, each cut cell ending in '…'; one without is dropped. A
/// column that never yields (0) is always shown whole, so a table keeps what an operator reads first (its
/// STATUS). What a cut or dropped column hides, the item's record (<c>show</c>) and <c>-f json</c> give whole.
/// </summary>
/// <param name="RecordOnly">Shown only in the vertical record of one item, never in a list.</param>
internal sealed record CliColumn(string Header, int Yields = 0, int? Shortest = null, bool RecordOnly = false)
{
    /// <summary>Always shown whole.</summary>
    public static CliColumn Kept(string header) => new(header);

    public static CliColumn Dropped(string header, int yields) => new(header, yields);

    public static CliColumn Cut(string header, int yields, int shortest) => new(header, yields, shortest);

    public static CliColumn Detail(string header) => new(header, RecordOnly: true);
}
