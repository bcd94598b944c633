using Spectre.Console;

namespace Nfp.Cli.Output;

/// <summary>Which columns of a table are shown, and how wide, so that the table fits a width (see <see cref="CliColumn"/>).</summary>
internal static class TableLayout
{
    private const string Ellipsis = "…";

    /// <summary>The index and width of each column shown, in table order.</summary>
    public static IReadOnlyList<(int Column, int Width)> Fit(IReadOnlyList<CliColumn> columns, IReadOnlyList<IReadOnlyList<string>> rows, int width)
    {
        var widths = columns.Select((column, i) => rows.Select(row => Widest(row[i])).Append(column.Header.GetCellWidth()).Max()).ToArray();
        var shown = Enumerable.Range(0, columns.Count).ToList();
        foreach (var i in shown.Where(i => columns[i].Yields > 0).OrderBy(i => columns[i].Yields).ToArray())
        {
            var excess = shown.Sum(j => widths[j]) + Borders(shown.Count) - width;
            if (excess <= 0)
            {
                break;
            }
            if (columns[i].Shortest is { } shortest)
            {
                widths[i] = Math.Max(widths[i] - excess, Math.Max(shortest, columns[i].Header.GetCellWidth()));
            }
            else
            {
                shown.Remove(i);
            }
        }
        return shown.Select(i => (i, widths[i])).ToArray();
    }

    /// <summary>Each line of <paramref name="cell"/> at most <paramref name="width"/> cells wide, a cut line ending in '…'.</summary>
    public static string Cut(string cell, int width) => string.Join('\n', cell.Split('\n').Select(line => CutLine(line, width)));

    // Spectre's simple border: a space of padding either side of each cell, a border column between cells and at either end.
    private static int Borders(int columns) => 3 * columns + 1;

    private static int Widest(string cell) => cell.Split('\n').Max(line => line.GetCellWidth());

    private static string CutLine(string line, int width)
    {
        if (line.GetCellWidth() <= width)
        {
            return line;
        }
        var kept = 0;
        var used = 0;
        while (kept < line.Length && used + line[kept].GetCellWidth() <= width - Ellipsis.GetCellWidth())
        {
            used += line[kept++].GetCellWidth();
        }
        return line[..kept] + Ellipsis;
    }
}
