using FluentValidation;
using Nfp.Schema.Configurator;

namespace Nfp.Schema.Validation;

public sealed class ConfiguratorCallValidator : ContractValidator<ConfiguratorCall>
{
    public ConfiguratorCallValidator()
    {
        RuleFor(x => x.Method).Known();
        RuleFor(x => x.Request).NotNull().WithErrorCode(FieldErrorCodes.Required).SetValidator(new ConfigRequestValidator());
    }
}
