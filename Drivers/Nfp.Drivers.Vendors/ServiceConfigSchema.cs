using System.Text.Json;
using FluentValidation;
using Nfp.Schema.Drivers;
using Nfp.Schema.Resources;
using Nfp.Schema.Validation;

namespace Nfp.Drivers.Vendors;

/// <summary>A vendor's service_config for the one service type its devices render: the record <typeparamref name="TConfig"/>, read with its validator.</summary>
public abstract class ServiceConfigSchema<TConfig>(ServiceType rendered, IValidator<TConfig> validator) : IServiceConfigSchema
    where TConfig : class
{
    public Type? ConfigType(ServiceType serviceType) => serviceType == rendered ? typeof(TConfig) : null;

    public IReadOnlyList<FieldError> Check(ServiceType serviceType, JsonElement serviceConfig) =>
        serviceType == rendered ? Contracts.ReadWith(serviceConfig, validator).Errors : [];
}
