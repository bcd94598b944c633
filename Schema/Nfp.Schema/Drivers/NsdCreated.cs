namespace Nfp.Schema.Drivers;

/// <summary>create_nsd's answer: the management address, and what finds the device again (e.g. the Pop container id).</summary>
public sealed record NsdCreated(string MgmtIpAddress, IReadOnlyDictionary<string, string> ProviderMetadata);
