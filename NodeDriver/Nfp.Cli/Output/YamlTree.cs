using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Nfp.Cli.Output;

/// <summary>
/// A JSON tree written as YAML, event by event through YamlDotNet's emitter (no object graph, no reflection:
/// <c>nfp</c> is compiled ahead of time). A string is double-quoted wherever a YAML 1.1 or 1.2 reader would
/// take it for something else — a number in any of their notations ("0080", "0x1F", "1_000"), a date or
/// timestamp ("2024-01-01"), a boolean ("yes", "off", "Y"), a null ("~", "") — so that every string reads
/// back as a string; the emitter quotes on its own what plain style cannot hold (": ", "#", leading spaces).
/// </summary>
internal static partial class YamlTree
{
    public static void Write(TextWriter writer, JsonNode? tree)
    {
        var emitter = new Emitter(writer, EmitterSettings.Default.WithIndentedSequences());
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart(null, null, isImplicit: true));
        Emit(emitter, tree);
        emitter.Emit(new DocumentEnd(isImplicit: true));
        emitter.Emit(new StreamEnd());
    }

    private static void Emit(IEmitter emitter, JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                emitter.Emit(new MappingStart(null, null, isImplicit: true, MappingStyle.Any));
                foreach (var (key, value) in obj)
                {
                    emitter.Emit(Text(key));
                    Emit(emitter, value);
                }
                emitter.Emit(new MappingEnd());
                break;
            case JsonArray array:
                emitter.Emit(new SequenceStart(null, null, isImplicit: true, SequenceStyle.Any));
                foreach (var item in array)
                {
                    Emit(emitter, item);
                }
                emitter.Emit(new SequenceEnd());
                break;
            case null:
                emitter.Emit(Plain("null"));
                break;
            default:
                emitter.Emit(node.GetValueKind() == JsonValueKind.String ? Text(node.GetValue<string>()) : Plain(node.ToJsonString()));
                break;
        }
    }

    /// <summary>A number, a boolean or a null, as JSON wrote it (which YAML reads the same).</summary>
    private static Scalar Plain(string value) => new(null, null, value, ScalarStyle.Plain, isPlainImplicit: true, isQuotedImplicit: false);

    private static Scalar Text(string value) =>
        new(null, null, value, ReadsAsOtherThanString().IsMatch(value) ? ScalarStyle.DoubleQuoted : ScalarStyle.Any, isPlainImplicit: true, isQuotedImplicit: true);

    // YAML 1.1's and 1.2's nulls and booleans and the merge key; decimal, float, hex, octal, binary and
    // base-60 numbers with their underscores, .inf and .nan; the YAML 1.1 timestamp's leading date.
    [GeneratedRegex(@"^(|~|null|Null|NULL|y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|<<|=|" +
                    @"[-+]?([0-9][0-9_]*(\.[0-9_]*)?([eE][-+]?[0-9]+)?|\.[0-9][0-9_]*([eE][-+]?[0-9]+)?|0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?|\.(inf|Inf|INF))|\.(nan|NaN|NAN)|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt ].*)?)$")]
    private static partial Regex ReadsAsOtherThanString();
}
