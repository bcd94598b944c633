using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Google.Protobuf;
using Spectre.Console;

namespace Nfp.Cli.Output;

/// <summary>
/// Prints what a command got in the format <c>-f</c> chose: a table for a list and a vertical record (FIELD
/// and value, one a line) for one item, or the JSON tree (a list command prints an array, any other
/// command one object). Pop messages are in Google.Protobuf's proto3 JSON mapping with the proto field
/// names kept (<c>image_id</c>, <c>net_name</c>: the wire names), default values included so that every
/// object has the same keys, enums by name, int64 as strings; NFP's own records are in NFP's wire JSON
/// (snake_case, enums by wire name: <see cref="CliJson"/>). YAML is that same JSON tree (<see cref="YamlTree"/>),
/// every string reading back as a string.
/// </summary>
/// <param name="width">
/// How wide a table may be: the <c>COLUMNS</c> the environment gives; else the terminal's width; else (a
/// pipe, a file) unbounded. A table wider than that gives way as its <see cref="CliColumn"/>s say.
/// </param>
internal sealed class CliOutput(TextWriter writer, OutputFormat format, int? width)
{
    public const string ColumnsVariable = "COLUMNS";

    private static readonly JsonFormatter Formatter =
        new(JsonFormatter.Settings.Default.WithPreserveProtoFieldNames(true).WithFormatDefaultValues(true));

    // Relaxed escaping keeps '<', '+' and non-ASCII readable; the output is never embedded in HTML.
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Width for output that is not a terminal (a pipe, a file, a test): wide enough never to wrap a cell.</summary>
    private const int UnboundedWidth = 4096;

    /// <summary>The output a command's <c>-f</c> chose, as wide as <c>COLUMNS</c> in <paramref name="environment"/> says.</summary>
    public static CliOutput For(TextWriter writer, OutputFormat format, Func<string, string?> environment) =>
        new(writer, format, int.TryParse(environment(ColumnsVariable), NumberStyles.None, CultureInfo.InvariantCulture, out var columns) && columns > 0
            ? columns
            : null);

    public void List<T>(IEnumerable<T> items, CliTable<T> table) where T : IMessage => List(items, table, item => ProtoTree(item));

    public void One<T>(T item, CliRecord<T> record) where T : IMessage => One(item, record, message => ProtoTree(message));

    /// <summary>NFP records, in NFP's wire JSON.</summary>
    public void Records<T>(IEnumerable<T> items, CliTable<T> table) => List(items, table, RecordTree);

    public void Record<T>(T item, CliRecord<T> record) => One(item, record, RecordTree);

    private void List<T>(IEnumerable<T> items, CliTable<T> table, Func<T, JsonNode> tree)
    {
        var list = items.ToList();
        switch (format)
        {
            case OutputFormat.Json:
                WriteJson(new JsonArray(list.Select(tree).ToArray()));
                break;
            case OutputFormat.Yaml:
                WriteYaml(new JsonArray(list.Select(tree).ToArray()));
                break;
            default:
                WriteTable(list, table);
                break;
        }
    }

    private void One<T>(T item, CliRecord<T> record, Func<T, JsonNode> tree)
    {
        switch (format)
        {
            case OutputFormat.Json:
                WriteJson(tree(item));
                break;
            case OutputFormat.Yaml:
                WriteYaml(tree(item));
                break;
            default:
                WriteRecord(record.Fields(item).ToList());
                break;
        }
    }

    private static JsonNode ProtoTree(IMessage message) => JsonNode.Parse(Formatter.Format(message))!;

    private static JsonNode RecordTree<T>(T record) => JsonSerializer.SerializeToNode(record, (JsonTypeInfo<T>)CliJson.Default.Options.GetTypeInfo(typeof(T)))!;

    private void WriteJson(JsonNode tree) => writer.WriteLine(tree.ToJsonString(Indented));

    private void WriteYaml(JsonNode tree) => YamlTree.Write(writer, tree);

    private void WriteTable<T>(IReadOnlyList<T> items, CliTable<T> table)
    {
        // Styles and the terminal's width only on a terminal; a pipe or a file gets plain, unwrapped text.
        var output = new AnsiConsoleOutput(writer);
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = output,
            Ansi = output.IsTerminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = output.IsTerminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = width ?? (output.IsTerminal ? console.Profile.Width : UnboundedWidth);
        var rows = items.Select(table.Row).ToList();
        var shown = TableLayout.Fit(table.Columns, rows, console.Profile.Width);
        var grid = new Table { Border = TableBorder.Simple };
        foreach (var (column, _) in shown)
        {
            grid.AddColumn(new TableColumn(new Text(table.Columns[column].Header, new Style(decoration: Decoration.Bold))).NoWrap());
        }
        foreach (var row in rows)
        {
            grid.AddRow(shown.Select(c => new Text(TableLayout.Cut(row[c.Column], c.Width))));
        }
        console.Write(grid);
    }

    /// <summary>FIELD and value, one a line, the values lined up; a value's further lines indented to where it starts.</summary>
    private void WriteRecord(IReadOnlyList<(string Field, string Value)> fields)
    {
        var indent = fields.Select(f => f.Field.GetCellWidth()).DefaultIfEmpty().Max() + 2;
        foreach (var (field, value) in fields)
        {
            var lines = value.Split('\n');
            writer.WriteLine((field + new string(' ', indent - field.GetCellWidth()) + lines[0]).TrimEnd());
            foreach (var line in lines.Skip(1))
            {
                writer.WriteLine(new string(' ', indent) + line);
            }
        }
    }
}
