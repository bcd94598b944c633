namespace Nfp.Schema.Rpc;

/// <summary>chain_parameters_updated_notification: the chain's parameter values changed; reconfigure the live service.</summary>
public sealed record ChainParametersUpdatedNotification(Guid NetworkServiceId, IReadOnlyDictionary<string, string> ChainParameters);
