using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using FluentValidation;
using Nfp.Schema.Validation;

namespace Nfp.Drivers.Vendors.Iptables;

/// <summary>
/// A <c>firewall</c> resource for the iptables driver, as the configurator gets it: what the gateway
/// forwards between its consumer and provider sides. Rules are tried in order, the first that matches
/// decides; what none allows is dropped. Replies to what was allowed always pass.
/// </summary>
public sealed record FirewallData(string MgmtIpAddress, IReadOnlyList<FirewallRule> Rules);

/// <summary>
/// Traffic of <see cref="Protocol"/> to <see cref="Port"/> (tcp and udp only; null: any port), from
/// <see cref="SourceCidr"/> to <see cref="DestinationCidr"/> (empty: anywhere), is allowed or denied. A
/// denied TCP connection is refused at once (a reset), other denied traffic gets port-unreachable.
/// </summary>
public sealed record FirewallRule(
    [property: Description("allow or deny what the rule matches.")] FirewallAction Action,
    [property: Description("any, tcp, udp or icmp.")] FirewallProtocol Protocol = FirewallProtocol.Any,
    [property: Description("The destination port (tcp and udp only); absent: any port."), Range(Limits.MinPort, Limits.MaxPort)] int? Port = null,
    [property: Description("Where the traffic comes from, an IPv4 network; empty: anywhere.")] string SourceCidr = "",
    [property: Description("Where the traffic goes, an IPv4 network; empty: anywhere.")] string DestinationCidr = "");

public enum FirewallAction
{
    [JsonStringEnumMemberName("allow")] Allow,
    [JsonStringEnumMemberName("deny")] Deny,
}

public enum FirewallProtocol
{
    [JsonStringEnumMemberName("any")] Any,
    [JsonStringEnumMemberName("tcp")] Tcp,
    [JsonStringEnumMemberName("udp")] Udp,
    [JsonStringEnumMemberName("icmp")] Icmp,
}

internal sealed class FirewallRuleValidator : AbstractValidator<FirewallRule>
{
    public const int MaxRules = 256;

    public FirewallRuleValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(x => x.Action).Known();
        RuleFor(x => x.Protocol).Known();
        RuleFor(x => x.Port!.Value).Port().OverridePropertyName("port").When(x => x.Port is not null);
        RuleFor(x => x.Port).Null().When(x => x.Protocol is not (FirewallProtocol.Tcp or FirewallProtocol.Udp))
            .WithErrorCode(FieldErrorCodes.Invalid).WithMessage("'{PropertyName}' needs protocol tcp or udp.");
        // iptables filters IPv4; the device has no IPv6 rules to put such a rule in.
        RuleFor(x => x.SourceCidr).Must(IsIpv4Cidr).When(x => x.SourceCidr.Length > 0).WithErrorCode(FieldErrorCodes.Malformed)
            .WithMessage("'{PropertyName}' must be an IPv4 network in CIDR notation, e.g. 10.0.0.0/24.");
        RuleFor(x => x.DestinationCidr).Must(IsIpv4Cidr).When(x => x.DestinationCidr.Length > 0).WithErrorCode(FieldErrorCodes.Malformed)
            .WithMessage("'{PropertyName}' must be an IPv4 network in CIDR notation, e.g. 10.0.0.0/24.");
    }

    private static bool IsIpv4Cidr(string cidr) => NetworkText.IsCidr(cidr) && !cidr.Contains(':', StringComparison.Ordinal);
}

internal sealed class FirewallDataValidator : AbstractValidator<FirewallData>
{
    public FirewallDataValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(x => x.MgmtIpAddress).IpAddress();
        RuleFor(x => x.Rules).MaxCount(FirewallRuleValidator.MaxRules);
        RuleForEach(x => x.Rules).NotNull().WithErrorCode(FieldErrorCodes.Required).SetValidator(new FirewallRuleValidator());
    }
}
