namespace Nfp.Schema.Validation;

/// <summary>The codes a <see cref="FieldError"/> carries; callers branch on these, never on messages.</summary>
public static class FieldErrorCodes
{
    public const string Required = "required";
    public const string MalformedUuid = "malformed_uuid";
    public const string UnknownValue = "unknown_value";
    public const string UnknownField = "unknown_field";
    public const string TooLong = "too_long";
    public const string TooMany = "too_many";
    public const string OutOfRange = "out_of_range";
    public const string Malformed = "malformed";
    public const string Invalid = "invalid";
}
