using FluentValidation;
using Nfp.Schema.Rpc;

namespace Nfp.Schema.Validation;

public sealed class RetryNetworkServiceValidator : ContractValidator<RetryNetworkService>
{
    public RetryNetworkServiceValidator() => RuleFor(x => x.NetworkServiceId).Required();
}
