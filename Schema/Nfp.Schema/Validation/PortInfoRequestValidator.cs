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
        RuleFor(x => x.PortType).Known();
    }
}
