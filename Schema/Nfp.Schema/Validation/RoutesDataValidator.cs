using FluentValidation;
using Nfp.Schema.Configurator;

namespace Nfp.Schema.Validation;

public sealed class RoutesDataValidator : ContractValidator<RoutesData>
{
    public RoutesDataValidator()
    {
        RuleFor(x => x.MgmtIpAddress).IpAddress();
        RuleFor(x => x.Routes).MaxCount(Limits.Routes)
            .Must(routes => routes.Select(r => r?.Destination).Distinct().Count() == routes.Count).WithErrorCode(FieldErrorCodes.Invalid)
            .WithMessage("'{PropertyName}' has a destination twice.");
        RuleForEach(x => x.Routes).NotNull().WithErrorCode(FieldErrorCodes.Required).SetValidator(new RouteValidator());
    }
}
