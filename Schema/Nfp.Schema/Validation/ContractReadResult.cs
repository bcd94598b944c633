namespace Nfp.Schema.Validation;

/// <summary>A contract read from the wire: <see cref="Value"/> when it is valid, else the <see cref="Errors"/>.</summary>
public sealed record ContractReadResult<T>(T? Value, IReadOnlyList<FieldError> Errors) where T : class
{
    public bool IsValid => Errors.Count == 0;
}
