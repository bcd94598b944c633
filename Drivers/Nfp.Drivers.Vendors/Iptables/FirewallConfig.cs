using System.ComponentModel;
using FluentValidation;
using Nfp.Schema.Configurator;
using Nfp.Schema.Validation;

namespace Nfp.Drivers.Vendors.Iptables;

/// <summary>
/// The <c>service_config</c> of an iptables firewall (docs/schemas/iptables.firewall.json): its rules, in
/// order, and the routes the device needs. The manager checks a create's or an update's config against
/// it at the door; what the lifecycle driver makes of it for the configurator (<see cref="FirewallData"/>)
/// is checked there with the same rule validator.
/// </summary>
[Description("The service_config of a firewall rendered by NFP's iptables devices (a gateway between its consumer and provider networks).")]
public sealed record FirewallConfig(
    [property: Description("The rules, tried in order: the first that matches decides; what none allows is dropped.")] IReadOnlyList<FirewallRule> Rules,
    [property: Description("Static routes the device needs beyond its connected networks.")] IReadOnlyList<Route>? Routes = null);

internal sealed class FirewallConfigValidator : AbstractValidator<FirewallConfig>
{
    public FirewallConfigValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(x => x.Rules).MaxCount(FirewallRuleValidator.MaxRules);
        RuleForEach(x => x.Rules).NotNull().WithErrorCode(FieldErrorCodes.Required).SetValidator(new FirewallRuleValidator());
        RuleFor(x => x.Routes!).RouteList().When(x => x.Routes is not null);
        RuleForEach(x => x.Routes).NotNull().WithErrorCode(FieldErrorCodes.Required).SetValidator(new RouteValidator());
    }
}
