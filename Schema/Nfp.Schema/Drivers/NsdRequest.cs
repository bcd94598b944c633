using Nfp.Schema.Resources;

namespace Nfp.Schema.Drivers;

/// <summary>What a device is wanted for: the service (with its profile) and the data ports it is to be plugged into.</summary>
public sealed record NsdRequest(NetworkService Service, IReadOnlyList<PortInfo> Ports);
