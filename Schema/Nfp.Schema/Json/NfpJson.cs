using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Nfp.Schema.Json;

/// <summary>
/// How NFP's contracts look on the wire: snake_case fields, enums by their declared names only
/// (numbers are refused), a field the contract does not know is an error rather than ignored, and a
/// constructor parameter without a default value is required (rather than silently its type's default,
/// which for an enum would be a real value).
/// </summary>
public static class NfpJson
{
    public static readonly JsonSerializerOptions Options = Configure(new JsonSerializerOptions());

    /// <summary>Applies NFP's wire conventions to <paramref name="options"/> (e.g. ASP.NET Core's or MassTransit's).</summary>
    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        options.DictionaryKeyPolicy = null;
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.RespectRequiredConstructorParameters = true;
        options.Converters.Add(new WireEnumConverter());
        return options;
    }

    /// <summary>The wire name of an enum value: its <see cref="JsonStringEnumMemberNameAttribute"/>.</summary>
    public static string WireName<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicFields)] TEnum>(TEnum value) where TEnum : struct, Enum =>
        WireNames<TEnum>.ByValue[value];

    /// <summary>The enum value with wire name <paramref name="name"/>; throws <see cref="FormatException"/> for an unknown one.</summary>
    public static TEnum ParseWireName<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicFields)] TEnum>(string name) where TEnum : struct, Enum =>
        TryParseWireName<TEnum>(name, out var value) ? value : throw new FormatException($"'{name}' is not a {typeof(TEnum).Name}.");

    /// <summary>The enum value with wire name <paramref name="name"/>, if there is one.</summary>
    public static bool TryParseWireName<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicFields)] TEnum>(string name, out TEnum value) where TEnum : struct, Enum =>
        WireNames<TEnum>.ByName.TryGetValue(name, out value);

    private static class WireNames<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicFields)] TEnum> where TEnum : struct, Enum
    {
        public static readonly Dictionary<TEnum, string> ByValue = Enum.GetValues<TEnum>().ToDictionary(
            value => value,
            value => typeof(TEnum).GetField(value.ToString())!
                .GetCustomAttributes(typeof(JsonStringEnumMemberNameAttribute), false)
                .Cast<JsonStringEnumMemberNameAttribute>().Single().Name);

        public static readonly Dictionary<string, TEnum> ByName = ByValue.ToDictionary(pair => pair.Value, pair => pair.Key);
    }
}
