namespace Nfp.Schema.Validation;

/// <summary>
/// One thing wrong with a request, machine-readable: <see cref="Field"/> is the wire path of the field
/// (<c>port_info[0].port_classification</c>), <see cref="Code"/> one of <see cref="FieldErrorCodes"/>.
/// </summary>
public sealed record FieldError(string Field, string Code, string Message);
