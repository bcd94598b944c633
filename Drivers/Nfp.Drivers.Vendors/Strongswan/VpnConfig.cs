using System.ComponentModel;
using FluentValidation;
using Nfp.Schema.Configurator;
using Nfp.Schema.Validation;

namespace Nfp.Drivers.Vendors.Strongswan;

/// <summary>
/// The <c>service_config</c> of a strongSwan VPN (docs/schemas/strongswan.vpn.json): its site connections
/// and the routes the device needs. The manager checks a create's or an update's config against it at the
/// door; what the lifecycle driver makes of it for the configurator (<see cref="VpnData"/>) is checked there
/// with the same connection validator.
/// </summary>
[Description("The service_config of a site-to-site IPsec VPN rendered by NFP's strongSwan devices (a gateway between its provider network, the site, and its consumer network, where the peers are).")]
public sealed record VpnConfig(
    [property: Description("The IPsec site connections, each to one peer gateway.")] IReadOnlyList<SiteConnection> SiteConnections,
    [property: Description("Static routes the device needs beyond its connected networks.")] IReadOnlyList<Route>? Routes = null);

internal sealed class VpnConfigValidator : AbstractValidator<VpnConfig>
{
    public VpnConfigValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(x => x.SiteConnections).SiteConnectionList();
        RuleForEach(x => x.SiteConnections).NotNull().WithErrorCode(FieldErrorCodes.Required).SetValidator(new SiteConnectionValidator());
        RuleFor(x => x.Routes!).RouteList().When(x => x.Routes is not null);
        RuleForEach(x => x.Routes).NotNull().WithErrorCode(FieldErrorCodes.Required).SetValidator(new RouteValidator());
    }
}
