using FluentValidation;
using Nfp.Schema.Configurator;

namespace Nfp.Schema.Validation;

public sealed class VrrpDataValidator : ContractValidator<VrrpData>
{
    public VrrpDataValidator()
    {
        RuleFor(x => x.MgmtIpAddress).RequiredText(Limits.Name).IpAddress();
        RuleFor(x => x.PeerIpAddress).RequiredText(Limits.Name).IpAddress();
        RuleFor(x => x.VirtualRouterId).InclusiveBetween(1, 255).WithErrorCode(FieldErrorCodes.OutOfRange)
            .WithMessage("'{PropertyName}' must be from 1 to 255.");
        RuleFor(x => x.Priority).InclusiveBetween(1, 254).WithErrorCode(FieldErrorCodes.OutOfRange)
            .WithMessage("'{PropertyName}' must be from 1 to 254.");
        RuleFor(x => x.AdvertIntervalMs).InclusiveBetween(Limits.VrrpAdvertIntervalMs.Min, Limits.VrrpAdvertIntervalMs.Max)
            .WithErrorCode(FieldErrorCodes.OutOfRange)
            .WithMessage($"'{{PropertyName}}' must be from {Limits.VrrpAdvertIntervalMs.Min} to {Limits.VrrpAdvertIntervalMs.Max} (milliseconds, in tens).")
            .Must(ms => ms % 10 == 0).WithErrorCode(FieldErrorCodes.Invalid)
            .WithMessage("'{PropertyName}' must be a multiple of 10 (VRRPv3 counts centiseconds).");
        RuleFor(x => x.VirtualAddresses).MaxCount(Limits.PortInfo)
            .Must(list => list.Count > 0).WithErrorCode(FieldErrorCodes.Required).WithMessage("'{PropertyName}' must name at least one address.");
        RuleForEach(x => x.VirtualAddresses).NotNull().WithErrorCode(FieldErrorCodes.Required).ChildRules(v =>
        {
            v.RuleLevelCascadeMode = CascadeMode.Stop;
            v.RuleFor(x => x.IpAddress).IpAddress();
            v.RuleFor(x => x.Cidr).Cidr();
            v.RuleFor(x => x.Mac).Mac();
            v.RuleFor(x => x).InItsCidr(x => x.IpAddress, x => x.Cidr);
        });
    }
}
