using FluentValidation;
using Nfp.Schema.Rpc;

namespace Nfp.Schema.Validation;

public sealed class GetNetworkServiceValidator : ContractValidator<GetNetworkService>
{
    public GetNetworkServiceValidator() => RuleFor(x => x.NetworkServiceId).Required();
}
