using FluentValidation;
using Nfp.Schema.Rpc;

namespace Nfp.Schema.Validation;

public sealed class CreateNetworkServiceValidator : ContractValidator<CreateNetworkService>
{
    public CreateNetworkServiceValidator()
    {
        RuleFor(x => x.TenantId).Required();
        RuleFor(x => x.ServiceId).Required();
        RuleFor(x => x.ServiceProfile).NotNull().WithErrorCode(FieldErrorCodes.Required)
            .SetValidator(new ServiceProfileValidator());
        RuleFor(x => x.PortInfo).MaxCount(Limits.PortInfo)
            .Must(ports => ports.Select(p => p?.Id).Distinct().Count() == ports.Count)
            .WithErrorCode(FieldErrorCodes.Invalid).WithMessage("'{PropertyName}' names a port twice.");
        RuleForEach(x => x.PortInfo).NotNull().WithErrorCode(FieldErrorCodes.Required)
            .SetValidator(new PortInfoRequestValidator());
        RuleFor(x => x).Custom((create, context) =>
        {
            foreach (var failure in ServiceTypePorts.Check(create.ServiceProfile.ServiceType, create.PortInfo))
            {
                context.AddFailure(failure);
            }
        }).When(x => x.ServiceProfile is not null && Enum.IsDefined(x.ServiceProfile.ServiceType)
                     && x.PortInfo is not null && x.PortInfo.Count <= Limits.PortInfo && x.PortInfo.All(p => p is not null && Enum.IsDefined(p.PortClassification)));
        RuleFor(x => x.Name).MaxText(Limits.Name);
        RuleFor(x => x.Description).MaxText(Limits.Description);
        RuleFor(x => x.ServiceChainId).NotEqual(Guid.Empty).WithErrorCode(FieldErrorCodes.Required);
        RuleFor(x => x.ServiceConfig!.Value).ServiceConfig().OverridePropertyName("service_config").When(x => x.ServiceConfig is not null);
        RuleFor(x => x.PolicyTargets!).MaxCount(Limits.PolicyTargets)
            .Must(targets => targets.Select(t => t?.Id).Distinct().Count() == targets.Count)
            .WithErrorCode(FieldErrorCodes.Invalid).WithMessage("'{PropertyName}' names a policy target twice.")
            .When(x => x.PolicyTargets is not null);
        RuleForEach(x => x.PolicyTargets).NotNull().WithErrorCode(FieldErrorCodes.Required)
            .SetValidator(new PolicyTargetValidator());
    }
}
