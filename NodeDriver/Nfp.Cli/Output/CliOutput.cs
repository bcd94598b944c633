using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Spectre.Console;
using Nfp.Schema.Json;
using YamlDotNet.Serialization;

namespace Nfp.Cli.Output;

/// <summary>
/// Prints what a command got in the format <c>-f</c> chose: a table, or the item's JSON tree (a list
/// command prints an array, any other command one object). Pop messages are in Google.Protobuf's proto3
/// JSON mapping with the proto field names kept (<c>image_id</c>, <c>net_name</c>: the wire names), default
/// values included so that every object has the same keys, enums by name, int64 as strings; NFP's own
/// records are in NFP's wire JSON (snake_case, enums by wire name). YAML is that same JSON tree written by YamlDotNet, a
/// string quoted wherever a YAML 1.1 or 1.2 reader would take it for something else ("0080", "yes",
/// "12:30:45", "2024-01-01", "null"), so that every string reads back as a string.
/// </summary>
internal sealed class CliOutput(TextWriter writer, OutputFormat format)
{
    private static readonly JsonFormatter Formatter =
        new(JsonFormatter.Settings.Default.WithPreserveProtoFieldNames(true).WithFormatDefaultValues(true));

    // Relaxed escaping keeps '<', '+' and non-ASCII readable; the output is never embedded in HTML.
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly ISerializer Yaml = new SerializerBuilder()
        .WithQuotingNecessaryStrings(quoteYaml1_1Strings: true)
        .WithEventEmitter(next => new NumberLikeStringsQuoted(next))
        .WithIndentedSequences()
        .Build();

    /// <summary>Width for output that is not a terminal (a pipe, a file, a test): wide enough never to wrap a cell.</summary>
    private const int UnboundedWidth = 4096;

    public void List<T>(IEnumerable<T> items, CliTable<T> table) where T : IMessage => List(items, table, item => Tree(item));

    public void One<T>(T item, CliTable<T> table) where T : IMessage => One(item, table, message => Tree(message));

    /// <summary>NFP records, in NFP's wire JSON.</summary>
    public void Records<T>(IEnumerable<T> items, CliTable<T> table) => List(items, table, item => JsonSerializer.SerializeToNode(item, NfpJson.Options)!);

    public void Record<T>(T item, CliTable<T> table) => One(item, table, record => JsonSerializer.SerializeToNode(record, NfpJson.Options)!);

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

    private void One<T>(T item, CliTable<T> table, Func<T, JsonNode> tree)
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
                WriteTable([item], table);
                break;
        }
    }

    private static JsonNode Tree(IMessage message) => JsonNode.Parse(Formatter.Format(message))!;

    private void WriteJson(JsonNode tree) => writer.WriteLine(tree.ToJsonString(Indented));

    private void WriteYaml(JsonNode tree) => writer.Write(Yaml.Serialize(Plain(tree)));

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
        if (!output.IsTerminal)
        {
            console.Profile.Width = UnboundedWidth;
        }
        var grid = new Table { Border = TableBorder.Simple };
        foreach (var header in table.Headers)
        {
            grid.AddColumn(new TableColumn(new Text(header, new Style(decoration: Decoration.Bold))).NoWrap());
        }
        foreach (var row in items.SelectMany(table.Rows))
        {
            grid.AddRow(row.Select(cell => new Text(cell)));
        }
        console.Write(grid);
    }

    /// <summary>The JSON tree as dictionaries, lists and scalars, the shapes YamlDotNet serializes.</summary>
    private static object? Plain(JsonNode? node) => node switch
    {
        null => null,
        JsonObject obj => obj.ToDictionary(pair => pair.Key, pair => Plain(pair.Value)),
        JsonArray array => array.Select(Plain).ToList(),
        _ => node.GetValueKind() switch
        {
            JsonValueKind.String => node.GetValue<string>(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Number => long.TryParse(node.ToJsonString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var whole)
                ? whole
                : double.Parse(node.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture),
            _ => null,
        },
    };
}
