using FluentValidation;
using Nfp.Schema.Validation;

namespace Nfp.Drivers.Vendors.Agent;

/// <summary>
/// A <c>routes</c> resource: the static routes the device needs beyond its connected networks, e.g. a
/// load balancer's way back to the consumers behind a firewall. Applied, they are the routes NFP set on
/// the device; removed, those routes are gone.
/// </summary>
public sealed record RoutesData(string MgmtIpAddress, IReadOnlyList<Route> Routes)
{
    /// <summary>The agent's <c>routes</c> part: a line "DESTINATION NEXTHOP" per route.</summary>
    public string AgentLines() => string.Concat(Routes.Select(r => $"{r.Destination} {r.Nexthop}\n"));
}

/// <summary>Traffic for <see cref="Destination"/> (a CIDR) goes through <see cref="Nexthop"/>, on one of the device's networks.</summary>
public sealed record Route(string Destination, string Nexthop);

internal sealed class RoutesDataValidator : AbstractValidator<RoutesData>
{
    public const int MaxRoutes = 64;

    public RoutesDataValidator()
    {
        RuleFor(x => x.MgmtIpAddress).IpAddress();
        RuleFor(x => x.Routes).MaxCount(MaxRoutes);
        RuleForEach(x => x.Routes).ChildRules(r =>
        {
            r.RuleFor(x => x.Destination).Cidr();
            r.RuleFor(x => x.Nexthop).IpAddress();
        });
        RuleFor(x => x.Routes).Must(routes => routes.Select(r => r.Destination).Distinct().Count() == routes.Count)
            .When(x => x.Routes is not null).WithErrorCode(FieldErrorCodes.Invalid)
            .WithMessage("'routes' has a destination twice.");
    }
}
