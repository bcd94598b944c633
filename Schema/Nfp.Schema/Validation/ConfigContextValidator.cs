using FluentValidation;
using Nfp.Schema.Configurator;

namespace Nfp.Schema.Validation;

public sealed class ConfigContextValidator : ContractValidator<ConfigContext>
{
    public ConfigContextValidator()
    {
        RuleFor(x => x.NetworkServiceId).Required();
        RuleFor(x => x.NsdId).Required();
        RuleFor(x => x.OperationId).Required();
        RuleFor(x => x.Requester).RequiredText(Limits.Name);
        RuleFor(x => x.NetworkServiceInstanceId).NotEqual(Guid.Empty).WithErrorCode(FieldErrorCodes.Required);
    }
}
