using System.Text.Json;
using Nfp.Schema.Json;
using Nfp.Schema.Resources;
using Nfp.Schema.Validation;

namespace Nfp.Schema.Drivers;

/// <summary>
/// The shape of one vendor's <c>service_config</c>, from the vendor's own assembly: the manager loads it
/// beside the vendor's lifecycle driver (<c>LifecycleDrivers:{vendor}:ServiceConfig</c>, an assembly and a
/// type, as <see cref="ILifecycleDriver"/>) and checks every create's and update's config with it before
/// anything is written; the vendor's configurator driver checks what it is given with the same validators,
/// and the config's JSON Schema (docs/schemas) is generated from the same records. Fields the records mark
/// secret (<see cref="SecretFields"/>) are written but never shown: views redact them, and an update may give
/// the placeholder to keep what is stored.
/// </summary>
public interface IServiceConfigSchema
{
    /// <summary>The record a <paramref name="serviceType"/> service's config is read as; null when the vendor has none for that type.</summary>
    Type? ConfigType(ServiceType serviceType);

    /// <summary>
    /// What is wrong with <paramref name="serviceConfig"/> (a JSON object) for a <paramref name="serviceType"/>
    /// service, fields named below <c>service_config</c> (<c>rules[0].port</c>); empty when it is valid. A type
    /// with no <see cref="ConfigType"/> takes any object.
    /// </summary>
    IReadOnlyList<FieldError> Check(ServiceType serviceType, JsonElement serviceConfig);

    /// <summary>What a view shows of <paramref name="serviceConfig"/>: each secret field as <see cref="SecretFields.Placeholder"/>.</summary>
    JsonElement Redact(ServiceType serviceType, JsonElement serviceConfig) =>
        ConfigType(serviceType) is { } type ? SecretFields.Redacted(serviceConfig, type) : serviceConfig;

    /// <summary>A write's <paramref name="serviceConfig"/> with each secret field that holds the placeholder given its value in <paramref name="stored"/>.</summary>
    JsonElement Restore(ServiceType serviceType, JsonElement serviceConfig, JsonElement stored) =>
        ConfigType(serviceType) is { } type ? SecretFields.Restored(serviceConfig, stored, type) : serviceConfig;
}
