using FluentValidation;
using Nfp.Schema.Configurator;

namespace Nfp.Schema.Validation;

public sealed class RoutesDataValidator : ContractValidator<RoutesData>
{
    public RoutesDataValidator()
    {
        RuleFor(x => x.MgmtIpAddress).IpAddress();
        RuleFor(x => x.Routes).RouteList();
        RuleForEach(x => x.Routes).NotNull().WithErrorCode(FieldErrorCodes.Required).SetValidator(new RouteValidator());
    }
}
