using System.Globalization;

namespace Nfp.Bench;

/// <summary>
/// A bench's command line of <c>--name value</c> pairs: each option taken once by its reader, and any
/// left over an error, so that a mistyped option never silently runs with a default.
/// </summary>
public sealed class BenchArguments
{
    private readonly Dictionary<string, string> _values;

    private BenchArguments(Dictionary<string, string> values) => _values = values;

    /// <summary>The pairs, or null when help was asked for (<c>-h</c>, <c>--help</c>).</summary>
    /// <exception cref="ArgumentException">An argument that is not an option with a value.</exception>
    public static BenchArguments? Parse(IReadOnlyList<string> args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] is "-h" or "--help")
            {
                return null;
            }
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 == args.Count)
            {
                throw new ArgumentException($"'{args[i]}' is not an option with a value.");
            }
            values[args[i][2..]] = args[++i];
        }
        return new BenchArguments(values);
    }

    public string Required(string name) => _values.Remove(name, out var value) ? value : throw new ArgumentException($"--{name} is required.");

    public string Text(string name, string fallback) => _values.Remove(name, out var value) ? value : fallback;

    /// <summary>A positive number, or null when the option is not given.</summary>
    public int? Number(string name) => Count(name, least: 1);

    /// <summary>How many times to do something optional: 0 or more (0: not at all), or null when the option is not given.</summary>
    public int? Count(string name, int least = 0) => _values.Remove(name, out var text)
        ? int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= least ? n
            : throw new ArgumentException($"--{name} must be a number of {least} or more.")
        : null;

    /// <summary>Returns <paramref name="options"/> when every argument was taken.</summary>
    /// <exception cref="ArgumentException">An option no reader took.</exception>
    public T Done<T>(T options) => _values.Count == 0 ? options : throw new ArgumentException($"Unknown option --{_values.Keys.First()}.");
}
