using System.Text.Json.Serialization;
using FluentValidation;
using Nfp.Schema.Validation;

namespace Nfp.Drivers.Vendors.Iptables;

/// <summary>
/// A <c>firewall</c> resource for the iptables driver: what the gateway forwards between its consumer and
/// provider sides. Rules are tried in order, the first that matches decides; what none allows is dropped.
/// Replies to what was allowed always pass.
/// </summary>
public sealed record FirewallData(string MgmtIpAddress, IReadOnlyList<FirewallRule> Rules);

/// <summary>
/// Traffic of <see cref="Protocol"/> to <see cref="Port"/> (tcp and udp only; null: any port), from
/// <see cref="SourceCidr"/> to <see cref="DestinationCidr"/> (empty: anywhere), is allowed or denied. A
/// denied TCP connection is refused at once (a reset), other denied traffic gets port-unreachable.
/// </summary>
public sealed record FirewallRule(
    FirewallAction Action, FirewallProtocol Protocol = FirewallProtocol.Any, int? Port = null, string SourceCidr = "", string DestinationCidr = "");

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

internal sealed class FirewallDataValidator : AbstractValidator<FirewallData>
{
    public const int MaxRules = 256;

    public FirewallDataValidator()
    {
        RuleFor(x => x.MgmtIpAddress).IpAddress();
        RuleFor(x => x.Rules).MaxCount(MaxRules);
        RuleForEach(x => x.Rules).ChildRules(r =>
        {
            r.RuleFor(x => x.Action).Known();
            r.RuleFor(x => x.Protocol).Known();
            r.RuleFor(x => x.Port!.Value).Port().OverridePropertyName("port").When(x => x.Port is not null);
            r.RuleFor(x => x.Port).Null().When(x => x.Protocol is not (FirewallProtocol.Tcp or FirewallProtocol.Udp))
                .WithErrorCode(FieldErrorCodes.Invalid).WithMessage("'{PropertyName}' needs protocol tcp or udp.");
            // iptables filters IPv4; the device has no IPv6 rules to put such a rule in.
            r.RuleFor(x => x.SourceCidr).Must(IsIpv4Cidr).When(x => x.SourceCidr.Length > 0).WithErrorCode(FieldErrorCodes.Malformed)
                .WithMessage("'{PropertyName}' must be an IPv4 network in CIDR notation, e.g. 10.0.0.0/24.");
            r.RuleFor(x => x.DestinationCidr).Must(IsIpv4Cidr).When(x => x.DestinationCidr.Length > 0).WithErrorCode(FieldErrorCodes.Malformed)
                .WithMessage("'{PropertyName}' must be an IPv4 network in CIDR notation, e.g. 10.0.0.0/24.");
        });
    }

    private static bool IsIpv4Cidr(string cidr) => NetworkText.IsCidr(cidr) && !cidr.Contains(':', StringComparison.Ordinal);
}
