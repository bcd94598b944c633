using FluentValidation;
using Nfp.Schema.Rpc;

namespace Nfp.Schema.Validation;

public sealed class UpdateNetworkServiceValidator : ContractValidator<UpdateNetworkService>
{
    public UpdateNetworkServiceValidator()
    {
        RuleFor(x => x.NetworkServiceId).Required();
        RuleFor(x => x.ServiceConfig).MaxText(Limits.ServiceConfig);
    }
}
