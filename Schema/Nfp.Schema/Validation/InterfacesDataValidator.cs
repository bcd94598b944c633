using FluentValidation;
using Nfp.Schema.Configurator;

namespace Nfp.Schema.Validation;

public sealed class InterfacesDataValidator : ContractValidator<InterfacesData>
{
    public InterfacesDataValidator()
    {
        RuleFor(x => x.MgmtIpAddress).IpAddress();
        RuleFor(x => x.Interfaces).MaxCount(Limits.PortInfo);
        RuleForEach(x => x.Interfaces).NotNull().WithErrorCode(FieldErrorCodes.Required).ChildRules(i =>
        {
            // An inline validator does not inherit ContractValidator's cascade mode.
            i.RuleLevelCascadeMode = CascadeMode.Stop;
            i.RuleFor(x => x.Network).RequiredText(Limits.Name);
            i.RuleFor(x => x.PortClassification).Known();
            i.RuleFor(x => x.IpAddress).IpAddress();
            i.RuleFor(x => x.Cidr).Cidr();
            i.RuleFor(x => x.Mac).Mac();
            i.RuleFor(x => x).InItsCidr(x => x.IpAddress, x => x.Cidr);
        });
    }
}
