using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using FluentValidation;
using Nfp.Schema.Configurator;
using Nfp.Schema.Validation;

namespace Nfp.Drivers.Vendors.Haproxy;

/// <summary>
/// The <c>service_config</c> of a haproxy load balancer (docs/schemas/haproxy.loadbalancer.json): its
/// listener and pool, the port its members serve on, and the routes the device needs. The manager checks
/// a create's or an update's config against it at the door; what the lifecycle driver makes of it for
/// the configurator (<see cref="LoadBalancerData"/>) is checked there with the same validators.
/// </summary>
[Description("The service_config of a load balancer rendered by NFP's haproxy devices.")]
public sealed record LoadBalancerConfig(
    [property: Description("Where clients connect.")] Listener Listener,
    [property: Description("How the members share the load.")] Pool Pool,
    [property: Description("The port every member serves on; absent: the listener's port."), Range(Limits.MinPort, Limits.MaxPort)] int? MemberPort = null,
    [property: Description("Static routes the device needs beyond its connected networks, e.g. back to the consumers behind a firewall.")]
    IReadOnlyList<Route>? Routes = null);

internal sealed class LoadBalancerConfigValidator : AbstractValidator<LoadBalancerConfig>
{
    public LoadBalancerConfigValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(x => x.Listener).NotNull().WithErrorCode(FieldErrorCodes.Required).WithMessage("'{PropertyName}' is required.")
            .SetValidator(new ListenerValidator(addressRequired: false));
        RuleFor(x => x.Pool).NotNull().WithErrorCode(FieldErrorCodes.Required).WithMessage("'{PropertyName}' is required.")
            .SetValidator(new PoolValidator());
        RuleFor(x => x.MemberPort!.Value).Port().OverridePropertyName("member_port").When(x => x.MemberPort is not null);
        RuleFor(x => x.Routes!).RouteList().When(x => x.Routes is not null);
        RuleForEach(x => x.Routes).NotNull().WithErrorCode(FieldErrorCodes.Required).SetValidator(new RouteValidator());
    }
}
