using FluentValidation;

namespace Nfp.Schema.Validation;

/// <summary>The rules NFP contracts share, each with its machine-readable <see cref="FieldErrorCodes"/> code.</summary>
public static class RuleExtensions
{
    /// <summary>A required identity: present and not the all-zero UUID.</summary>
    public static IRuleBuilderOptions<T, Guid> Required<T>(this IRuleBuilder<T, Guid> rule) =>
        rule.NotEmpty().WithErrorCode(FieldErrorCodes.Required).WithMessage("'{PropertyName}' is required.");

    /// <summary>A required string: present and not blank, at most <paramref name="max"/> characters.</summary>
    public static IRuleBuilderOptions<T, string> RequiredText<T>(this IRuleBuilder<T, string> rule, int max) =>
        rule.NotEmpty().WithErrorCode(FieldErrorCodes.Required).WithMessage("'{PropertyName}' is required.")
            .MaxText(max);

    /// <summary>An optional string (may be empty, not null) of at most <paramref name="max"/> characters.</summary>
    public static IRuleBuilderOptions<T, string> MaxText<T>(this IRuleBuilder<T, string> rule, int max) =>
        rule.NotNull().WithErrorCode(FieldErrorCodes.Required).WithMessage("'{PropertyName}' must not be null.")
            .MaximumLength(max).WithErrorCode(FieldErrorCodes.TooLong)
            .WithMessage($"'{{PropertyName}}' must be at most {max} characters.");

    /// <summary>A required list of at most <paramref name="max"/> items (it may be empty).</summary>
    public static IRuleBuilderOptions<T, IReadOnlyList<TItem>> MaxCount<T, TItem>(this IRuleBuilder<T, IReadOnlyList<TItem>> rule, int max) =>
        rule.NotNull().WithErrorCode(FieldErrorCodes.Required).WithMessage("'{PropertyName}' is required.")
            .Must(list => list.Count <= max).WithErrorCode(FieldErrorCodes.TooMany)
            .WithMessage($"'{{PropertyName}}' must have at most {max} items.");

    /// <summary>A value of the enum's declared members (not a number cast into it).</summary>
    public static IRuleBuilderOptions<T, TEnum> Known<T, TEnum>(this IRuleBuilder<T, TEnum> rule)
        where TEnum : struct, Enum =>
        rule.IsInEnum().WithErrorCode(FieldErrorCodes.UnknownValue).WithMessage("'{PropertyName}' has an unknown value.");

    /// <summary>A TCP or UDP port, 1 to 65535.</summary>
    public static IRuleBuilderOptions<T, int> Port<T>(this IRuleBuilder<T, int> rule) =>
        rule.InclusiveBetween(Limits.MinPort, Limits.MaxPort).WithErrorCode(FieldErrorCodes.OutOfRange)
            .WithMessage($"'{{PropertyName}}' must be a port from {Limits.MinPort} to {Limits.MaxPort}.");

    /// <summary>A list of routes (each checked by <see cref="RouteValidator"/>): at most <see cref="Limits.Routes"/>, no destination twice.</summary>
    public static IRuleBuilderOptions<T, IReadOnlyList<Configurator.Route>> RouteList<T>(this IRuleBuilder<T, IReadOnlyList<Configurator.Route>> rule) =>
        rule.MaxCount(Limits.Routes)
            .Must(routes => routes.Select(r => r?.Destination).Distinct().Count() == routes.Count).WithErrorCode(FieldErrorCodes.Invalid)
            .WithMessage("'{PropertyName}' has a destination twice.");

    /// <summary>An IPv4 or IPv6 address.</summary>
    public static IRuleBuilderOptions<T, string> IpAddress<T>(this IRuleBuilder<T, string> rule) =>
        rule.Must(NetworkText.IsAddress).WithErrorCode(FieldErrorCodes.Malformed)
            .WithMessage("'{PropertyName}' must be an IPv4 or IPv6 address.");

    /// <summary>
    /// A service_config: a JSON object of at most <see cref="Limits.ServiceConfig"/> characters, in which no object
    /// names a field twice (readers disagree on which one counts; the lifecycle driver's would refuse it later).
    /// </summary>
    public static IRuleBuilderOptions<T, System.Text.Json.JsonElement> ServiceConfig<T>(this IRuleBuilder<T, System.Text.Json.JsonElement> rule) =>
        rule.Must(config => config.ValueKind == System.Text.Json.JsonValueKind.Object).WithErrorCode(FieldErrorCodes.Malformed)
            .WithMessage("'{PropertyName}' must be a JSON object (or a string holding one).")
            .Must(config => config.GetRawText().Length <= Limits.ServiceConfig).WithErrorCode(FieldErrorCodes.TooLong)
            .WithMessage($"'{{PropertyName}}' must be at most {Limits.ServiceConfig} characters of JSON.")
            .Must(config => Json.JsonFields.Repeated(config) is null).WithErrorCode(FieldErrorCodes.Invalid)
            .WithMessage((_, config) => $"'{{PropertyName}}' names the field '{Json.JsonFields.Repeated(config)}' twice.");

    /// <summary>An IPv4 or IPv6 network in CIDR notation whose host bits are zero.</summary>
    public static IRuleBuilderOptions<T, string> Cidr<T>(this IRuleBuilder<T, string> rule) =>
        rule.Must(NetworkText.IsCidr).WithErrorCode(FieldErrorCodes.Malformed)
            .WithMessage("'{PropertyName}' must be a network in CIDR notation, e.g. 10.0.0.0/24.");

    /// <summary>An item's <c>ip_address</c> inside its <c>cidr</c> (checked when both are well formed: their own rules name them otherwise).</summary>
    public static IRuleBuilderOptions<T, T> InItsCidr<T>(this IRuleBuilder<T, T> rule, Func<T, string> address, Func<T, string> cidr) =>
        rule.Must(x => !NetworkText.IsAddress(address(x)) || !NetworkText.IsCidr(cidr(x)) || NetworkText.Contains(cidr(x), address(x)))
            .OverridePropertyName("ip_address").WithErrorCode(FieldErrorCodes.Invalid)
            .WithMessage(x => $"'ip_address' {address(x)} is not in its cidr {cidr(x)}.");

    /// <summary>A MAC address, six pairs of hex digits separated by colons.</summary>
    public static IRuleBuilderOptions<T, string> Mac<T>(this IRuleBuilder<T, string> rule) =>
        rule.Matches("^([0-9A-Fa-f]{2}:){5}[0-9A-Fa-f]{2}$").WithErrorCode(FieldErrorCodes.Malformed)
            .WithMessage("'{PropertyName}' must be a MAC address, e.g. 02:42:0a:00:00:02.");
}
