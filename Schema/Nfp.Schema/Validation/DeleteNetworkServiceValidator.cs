using FluentValidation;
using Nfp.Schema.Rpc;

namespace Nfp.Schema.Validation;

public sealed class DeleteNetworkServiceValidator : ContractValidator<DeleteNetworkService>
{
    public DeleteNetworkServiceValidator() => RuleFor(x => x.NetworkServiceId).Required();
}
