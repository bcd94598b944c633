using FluentValidation;
using Nfp.Schema.Configurator;

namespace Nfp.Schema.Validation;

public sealed class ConfigInfoValidator : ContractValidator<ConfigInfo>
{
    public ConfigInfoValidator()
    {
        RuleFor(x => x.ServiceType).Known();
        RuleFor(x => x.ServiceVendor).RequiredText(Limits.Vendor);
        RuleFor(x => x.Context).NotNull().WithErrorCode(FieldErrorCodes.Required).SetValidator(new ConfigContextValidator());
    }
}
