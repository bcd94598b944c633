using System.Text.Json;
using Nfp.Schema.Json;

namespace Nfp.Schema.Configurator;

/// <summary>
/// One piece of configuration. <see cref="ResourceData"/> is given its shape by whoever applies
/// <see cref="Resource"/> — NFP's own records for interfaces, routes and healthmonitor, the vendor driver's
/// for the service's function — so it stays JSON here.
/// </summary>
public sealed record ConfigResource(ConfigResourceKind Resource, JsonElement ResourceData)
{
    /// <summary>A resource whose data is <paramref name="data"/> as it goes on the wire.</summary>
    public static ConfigResource Of<TData>(ConfigResourceKind resource, TData data) =>
        new(resource, JsonSerializer.SerializeToElement(data, NfpJson.Options));
}
