using FluentValidation;
using Nfp.Schema.Rpc;

namespace Nfp.Schema.Validation;

public sealed class PolicyTargetGroupValidator : ContractValidator<PolicyTargetGroup>
{
    public PolicyTargetGroupValidator()
    {
        RuleFor(x => x.Id).Required();
        RuleFor(x => x.SubnetCidrs).MaxCount(Limits.Cidrs);
        RuleForEach(x => x.SubnetCidrs).RequiredText(Limits.Name).Cidr();
        RuleFor(x => x.Name).MaxText(Limits.Name);
    }
}
