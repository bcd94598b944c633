namespace Nfp.Schema.Validation;

/// <summary>
/// Marks a validation failure about one entry of a dictionary, so that its field is reported with the
/// entry's key as the wire has it (<c>chain_parameters.mtu</c>), not converted to snake_case.
/// </summary>
internal sealed record DictionaryKey(string Key);
