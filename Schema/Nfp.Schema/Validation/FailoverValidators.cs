using FluentValidation;
using Nfp.Schema.Rpc;

namespace Nfp.Schema.Validation;

public sealed class FailoverNetworkServiceValidator : ContractValidator<FailoverNetworkService>
{
    public FailoverNetworkServiceValidator() => RuleFor(x => x.NetworkServiceId).Required();
}

public sealed class FailoverNsdValidator : ContractValidator<FailoverNsd>
{
    public FailoverNsdValidator() => RuleFor(x => x.NsdId).Required();
}
