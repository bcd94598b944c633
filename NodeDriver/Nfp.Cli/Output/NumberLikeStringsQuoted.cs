using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.EventEmitters;

namespace Nfp.Cli.Output;

/// <summary>
/// Double-quotes every string a YAML 1.1 or 1.2 reader could take for a number or a date: YamlDotNet's
/// own quoting (WithQuotingNecessaryStrings) leaves some plain, <c>0080</c> among them, which YAML 1.2's
/// core schema reads as the integer 80.
/// </summary>
internal sealed partial class NumberLikeStringsQuoted(IEventEmitter next) : ChainedEventEmitter(next)
{
    public override void Emit(ScalarEventInfo eventInfo, IEmitter emitter)
    {
        if (eventInfo.Source.Value is string text && NumberOrDate().IsMatch(text))
        {
            eventInfo.Style = ScalarStyle.DoubleQuoted;
        }
        base.Emit(eventInfo, emitter);
    }

    // Decimal, float, hex, octal, binary and base-60 numbers with their underscores, .inf and .nan, and
    // the YAML 1.1 timestamp's leading date.
    [GeneratedRegex(@"^([-+]?([0-9][0-9_]*(\.[0-9_]*)?([eE][-+]?[0-9]+)?|\.[0-9][0-9_]*([eE][-+]?[0-9]+)?|0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?|\.(inf|Inf|INF))|\.(nan|NaN|NAN)|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt ].*)?)$")]
    private static partial Regex NumberOrDate();
}
