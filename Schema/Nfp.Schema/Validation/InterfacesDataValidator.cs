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
            i.RuleFor(x => x.Mac).Matches("^([0-9A-Fa-f]{2}:){5}[0-9A-Fa-f]{2}$").WithErrorCode(FieldErrorCodes.Malformed)
                .WithMessage("'{PropertyName}' must be a MAC address, e.g. 02:42:0a:00:00:02.");
            i.RuleFor(x => x).Must(x => !NetworkText.IsAddress(x.IpAddress) || !NetworkText.IsCidr(x.Cidr) || NetworkText.Contains(x.Cidr, x.IpAddress))
                .OverridePropertyName("ip_address").WithErrorCode(FieldErrorCodes.Invalid)
                .WithMessage(x => $"'ip_address' {x.IpAddress} is not in its cidr {x.Cidr}.");
        });
    }
}
