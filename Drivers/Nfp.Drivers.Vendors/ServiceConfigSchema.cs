using System.Text.Json;
using FluentValidation;
using Nfp.Schema.Drivers;
using Nfp.Schema.Json;
using Nfp.Schema.Resources;
using Nfp.Schema.Validation;

namespace Nfp.Drivers.Vendors;

/// <summary>A vendor's service_config for the one service type its devices render: the record <typeparamref name="TConfig"/>, read with its validator.</summary>
public abstract class ServiceConfigSchema<TConfig>(ServiceType rendered, IValidator<TConfig> validator) : IServiceConfigSchema
    where TConfig : class
{
    public Type? ConfigType(ServiceType serviceType) => serviceType == rendered ? typeof(TConfig) : null;

    /// <summary>The config's errors, and a secret field given the placeholder with no stored value behind it.</summary>
    public IReadOnlyList<FieldError> Check(ServiceType serviceType, JsonElement serviceConfig) =>
        serviceType == rendered
            ? [.. Contracts.ReadWith(serviceConfig, validator).Errors, .. SecretFields.Placeholders(serviceConfig, typeof(TConfig)).Select(Unrestored)]
            : [];

    private static FieldError Unrestored(string field) =>
        new(field, FieldErrorCodes.Invalid, $"'{field}' is the placeholder a view shows for a secret, and there is none stored to keep: give the secret itself.");
}
