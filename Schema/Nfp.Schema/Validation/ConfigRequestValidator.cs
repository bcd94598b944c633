using System.Text.Json;
using FluentValidation;
using Nfp.Schema.Configurator;

namespace Nfp.Schema.Validation;

/// <summary>
/// The shape every configurator body must have. What a resource's data must hold is the vendor driver's
/// to check; here it must at least be a JSON object.
/// </summary>
public sealed class ConfigRequestValidator : ContractValidator<ConfigRequest>
{
    public ConfigRequestValidator()
    {
        RuleFor(x => x.Info).NotNull().WithErrorCode(FieldErrorCodes.Required).SetValidator(new ConfigInfoValidator());
        RuleFor(x => x.Config).MaxCount(Limits.ConfigResources);
        RuleForEach(x => x.Config).NotNull().WithErrorCode(FieldErrorCodes.Required).ChildRules(resource =>
        {
            // An inline validator does not inherit ContractValidator's cascade mode.
            resource.RuleLevelCascadeMode = CascadeMode.Stop;
            resource.RuleFor(r => r.Resource).Known();
            resource.RuleFor(r => r.ResourceData.ValueKind).NotEqual(JsonValueKind.Undefined)
                .OverridePropertyName("resource_data").WithErrorCode(FieldErrorCodes.Required)
                .WithMessage("'resource_data' is required.")
                .Equal(JsonValueKind.Object).WithErrorCode(FieldErrorCodes.Malformed)
                .WithMessage("'resource_data' must be a JSON object.");
        });
    }
}
