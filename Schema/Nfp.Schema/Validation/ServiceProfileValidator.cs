using FluentValidation;
using Nfp.Schema.Rpc;

namespace Nfp.Schema.Validation;

public sealed class ServiceProfileValidator : ContractValidator<ServiceProfile>
{
    public ServiceProfileValidator()
    {
        RuleFor(x => x.Id).Required();
        RuleFor(x => x.ServiceType).Known();
        RuleFor(x => x.ServiceVendor).RequiredText(Limits.Vendor);
        RuleFor(x => x.Topology).Known();
        When(x => x.Topology == Resources.ServiceTopology.ActiveStandby, () =>
        {
            RuleFor(x => x.ServiceType).Must(type => type is Resources.ServiceType.Loadbalancer or Resources.ServiceType.Firewall)
                .WithErrorCode(FieldErrorCodes.Invalid).OverridePropertyName("topology")
                .WithMessage("'topology' active_standby is for loadbalancer and firewall services.");
            RuleFor(x => x.AllowSharing).Equal(false).WithErrorCode(FieldErrorCodes.Invalid)
                .WithMessage("'allow_sharing' must be false for an active_standby service: a pair's devices render it alone.");
        });
    }
}
