using FluentValidation;
using Nfp.Schema.Resources;
using Nfp.Schema.Validation;

namespace Nfp.Drivers.Vendors.Agent;

/// <summary>
/// An <c>interfaces</c> resource (create_nsd_config): the device's data interfaces as its lifecycle driver
/// plugged them. The agent makes sure the interface with each MAC has its address and is up.
/// </summary>
public sealed record InterfacesData(string MgmtIpAddress, IReadOnlyList<DataInterface> Interfaces)
{
    /// <summary>The agent's <c>interfaces</c> part: a line "MAC ADDRESS/PREFIX" per interface.</summary>
    public string AgentLines() => string.Concat(Interfaces.Select(i =>
        $"{i.Mac.ToLowerInvariant()} {i.IpAddress}/{i.Cidr.Split('/')[1]}\n"));
}

/// <summary>One plugged port: where it is (network, address in which CIDR) and its MAC.</summary>
public sealed record DataInterface(
    Guid PortId, PortClassification PortClassification, string Network, string IpAddress, string Cidr, string Mac);

internal sealed class InterfacesDataValidator : AbstractValidator<InterfacesData>
{
    public InterfacesDataValidator()
    {
        RuleFor(x => x.MgmtIpAddress).IpAddress();
        RuleFor(x => x.Interfaces).MaxCount(Limits.PortInfo);
        RuleForEach(x => x.Interfaces).ChildRules(i =>
        {
            i.RuleFor(x => x.Network).RequiredText(Limits.Name);
            i.RuleFor(x => x.PortClassification).Known();
            i.RuleFor(x => x.IpAddress).IpAddress();
            i.RuleFor(x => x.Cidr).Cidr();
            i.RuleFor(x => x.Mac).Matches("^([0-9A-Fa-f]{2}:){5}[0-9A-Fa-f]{2}$").WithErrorCode(FieldErrorCodes.Malformed)
                .WithMessage("'{PropertyName}' must be a MAC address, e.g. 02:42:0a:00:00:02.");
            i.RuleFor(x => x).Must(x => !NetworkText.IsAddress(x.IpAddress) || !NetworkText.IsCidr(x.Cidr) || Within(x.IpAddress, x.Cidr))
                .OverridePropertyName("ip_address").WithErrorCode(FieldErrorCodes.Invalid)
                .WithMessage(x => $"'ip_address' {x.IpAddress} is not in its cidr {x.Cidr}.");
        });
    }

    private static bool Within(string address, string cidr) =>
        System.Net.IPNetwork.Parse(cidr).Contains(System.Net.IPAddress.Parse(address));
}
