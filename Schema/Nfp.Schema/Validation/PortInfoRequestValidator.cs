using FluentValidation;
using Nfp.Schema.Rpc;

namespace Nfp.Schema.Validation;

public sealed class PortInfoRequestValidator : ContractValidator<PortInfoRequest>
{
    public PortInfoRequestValidator()
    {
        RuleFor(x => x.Id).Required();
        RuleFor(x => x.PortPolicy).Known();
        RuleFor(x => x.PortClassification).Known();
        RuleFor(x => x.Network).RequiredText(Limits.Name);
        RuleFor(x => x.PortType).Known();
        RuleFor(x => x.IpAddress).MaxText(Limits.Name);
        RuleFor(x => x.IpAddress).IpAddress().When(x => !string.IsNullOrEmpty(x.IpAddress));
    }
}
