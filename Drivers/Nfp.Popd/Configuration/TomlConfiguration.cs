using Tomlyn;
using Tomlyn.Model;

namespace Nfp.Popd.Configuration;

/// <summary>
/// popd's TOML file as configuration: each snake_case key becomes the PascalCase key the options bind
/// to (<c>pop_name</c> → <c>Popd:PopName</c>, <c>[[users]]</c> → <c>Popd:Users:0:…</c>, <c>[tls]</c> →
/// <c>Popd:Tls:…</c>). The file is read once, at start; environment variables and the command line
/// override it. A key popd does not know is an error at start (the options bind strictly).
/// </summary>
public static class TomlConfiguration
{
    /// <summary>The file popd reads when no <c>--config</c> is given, if it exists.</summary>
    public const string DefaultPath = "/etc/nfp/popd.toml";

    public static IConfigurationBuilder AddPopdToml(this IConfigurationBuilder configuration, string path)
    {
        TomlTable table;
        try
        {
            table = TomlSerializer.Deserialize<TomlTable>(File.ReadAllText(path))!;
        }
        catch (TomlException e)
        {
            throw new InvalidOperationException($"{path} is not valid TOML: {e.Message}", e);
        }
        var settings = new Dictionary<string, string?>();
        Flatten(table, PopdOptions.Section, settings);
        return configuration.AddInMemoryCollection(settings);
    }

    private static void Flatten(TomlTable table, string prefix, Dictionary<string, string?> settings)
    {
        foreach (var (key, value) in table)
        {
            var name = $"{prefix}:{Pascal(key)}";
            switch (value)
            {
                case TomlTable inner:
                    Flatten(inner, name, settings);
                    break;
                case TomlTableArray tables:
                    for (var i = 0; i < tables.Count; i++)
                    {
                        Flatten(tables[i], $"{name}:{i}", settings);
                    }
                    break;
                case bool flag:
                    settings[name] = flag ? "true" : "false";
                    break;
                default:
                    settings[name] = Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture);
                    break;
            }
        }
    }

    private static string Pascal(string snake) =>
        string.Concat(snake.Split('_', StringSplitOptions.RemoveEmptyEntries).Select(word => char.ToUpperInvariant(word[0]) + word[1..]));
}
