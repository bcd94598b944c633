using System.Text.Json;
using Nfp.Schema.Json;

namespace Nfp.IntegrationTests.Fixtures;

/// <summary>service_config values for the tests' requests.</summary>
public static class ServiceConfigs
{
    /// <summary>No device-specific config: <c>{}</c>.</summary>
    public static JsonElement Empty => JsonSerializer.SerializeToElement(new { });

    /// <summary><paramref name="config"/> (an anonymous object) as it goes on the wire.</summary>
    public static JsonElement Of(object config) => JsonSerializer.SerializeToElement(config, NfpJson.Options);

    /// <summary>The JSON text <paramref name="json"/>.</summary>
    public static JsonElement Parse(string json) => JsonDocument.Parse(json).RootElement.Clone();
}
