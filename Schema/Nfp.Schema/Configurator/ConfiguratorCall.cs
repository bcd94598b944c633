namespace Nfp.Schema.Configurator;

/// <summary>
/// The message the manager puts on the configurator proxy's queue: call <see cref="Method"/> with
/// <see cref="Request"/> as its body. One message type serves all six methods because they share a body.
/// </summary>
public sealed record ConfiguratorCall(ConfiguratorMethod Method, ConfigRequest Request);
