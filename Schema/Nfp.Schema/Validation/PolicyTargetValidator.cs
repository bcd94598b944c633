using FluentValidation;
using Nfp.Schema.Rpc;

namespace Nfp.Schema.Validation;

public sealed class PolicyTargetValidator : ContractValidator<PolicyTarget>
{
    public PolicyTargetValidator()
    {
        RuleFor(x => x.Id).Required();
        RuleFor(x => x.PolicyTargetGroupId).Required();
        RuleFor(x => x.IpAddress).RequiredText(Limits.Name).IpAddress();
        RuleFor(x => x.Name).MaxText(Limits.Name);
    }
}
