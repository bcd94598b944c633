using FluentValidation;
using Nfp.Schema.Configurator;

namespace Nfp.Schema.Validation;

public sealed class RouteValidator : ContractValidator<Route>
{
    public RouteValidator()
    {
        RuleFor(x => x.Destination).RequiredText(Limits.Name).Cidr();
        RuleFor(x => x.Nexthop).RequiredText(Limits.Name).IpAddress();
    }
}
