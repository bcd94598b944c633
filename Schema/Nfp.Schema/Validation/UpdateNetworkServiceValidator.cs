using FluentValidation;
using Nfp.Schema.Rpc;

namespace Nfp.Schema.Validation;

public sealed class UpdateNetworkServiceValidator : ContractValidator<UpdateNetworkService>
{
    public UpdateNetworkServiceValidator()
    {
        RuleFor(x => x.NetworkServiceId).Required();
        RuleFor(x => x.ServiceConfig).NotNull().WithErrorCode(FieldErrorCodes.Required).WithMessage("'service_config' is required.");
        RuleFor(x => x.ServiceConfig!.Value).ServiceConfig().OverridePropertyName("service_config").When(x => x.ServiceConfig is not null);
    }
}
