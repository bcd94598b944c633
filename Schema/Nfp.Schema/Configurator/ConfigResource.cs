using System.Text.Json;

namespace Nfp.Schema.Configurator;

/// <summary>
/// One piece of configuration. <see cref="ResourceData"/> is given its shape by the vendor driver that
/// applies <see cref="Resource"/>, so it stays JSON here.
/// </summary>
public sealed record ConfigResource(ConfigResourceKind Resource, JsonElement ResourceData);
