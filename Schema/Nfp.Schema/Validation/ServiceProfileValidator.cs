using FluentValidation;
using Nfp.Schema.Rpc;

namespace Nfp.Schema.Validation;

public sealed class ServiceProfileValidator : ContractValidator<ServiceProfile>
{
    public ServiceProfileValidator()
    {
        RuleFor(x => x.Id).Required();
        RuleFor(x => x.ServiceType).Known();
        RuleFor(x => x.ServiceVendor).RequiredText(Limits.Vendor);
    }
}
