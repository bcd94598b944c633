using FluentValidation;
using Nfp.Schema.Rpc;

namespace Nfp.Schema.Validation;

public sealed class GetNetworkServicesValidator : ContractValidator<GetNetworkServices>
{
    public GetNetworkServicesValidator()
    {
        RuleFor(x => x.TenantId).NotEqual(Guid.Empty).WithErrorCode(FieldErrorCodes.Required);
        RuleFor(x => x.ServiceChainId).NotEqual(Guid.Empty).WithErrorCode(FieldErrorCodes.Required);
        RuleFor(x => x.ServiceId).NotEqual(Guid.Empty).WithErrorCode(FieldErrorCodes.Required);
        RuleFor(x => x.ProvisioningStatus).IsInEnum().WithErrorCode(FieldErrorCodes.UnknownValue);
        RuleFor(x => x.Limit).InclusiveBetween(1, Limits.PageSize).WithErrorCode(FieldErrorCodes.OutOfRange);
        RuleFor(x => x.Marker).NotEqual(Guid.Empty).WithErrorCode(FieldErrorCodes.Required);
        RuleFor(x => x.Name!).MaxText(Limits.Name).When(x => x.Name is not null);
    }
}
