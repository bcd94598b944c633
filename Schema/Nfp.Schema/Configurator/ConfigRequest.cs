namespace Nfp.Schema.Configurator;

/// <summary>The body of every configurator method: who it is for, and the resources to apply or remove.</summary>
public sealed record ConfigRequest(ConfigInfo Info, IReadOnlyList<ConfigResource> Config);
