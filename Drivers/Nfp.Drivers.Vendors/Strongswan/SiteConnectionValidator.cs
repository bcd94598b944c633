using System.Text.RegularExpressions;
using FluentValidation;
using Nfp.Schema.Validation;

namespace Nfp.Drivers.Vendors.Strongswan;

internal static partial class SiteConnectionRules
{
    /// <summary>At most <see cref="VpnLimits.MaxConnections"/> connections (none: a device with no tunnel yet), no name twice.</summary>
    public static IRuleBuilderOptions<T, IReadOnlyList<SiteConnection>> SiteConnectionList<T>(this IRuleBuilder<T, IReadOnlyList<SiteConnection>> rule) =>
        rule.MaxCount(VpnLimits.MaxConnections)
            .Must(list => list.Select(c => c?.Name).Distinct(StringComparer.Ordinal).Count() == list.Count).WithErrorCode(FieldErrorCodes.Invalid)
            .WithMessage("'{PropertyName}' has a name twice.");

    /// <summary>A name swanctl takes as a section name, and that stays one word in its logs.</summary>
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$")]
    public static partial Regex Name();

    /// <summary>An IKE identity written quoted into swanctl.conf: printable, without the quote that would end it.</summary>
    [GeneratedRegex("^[\\x20-\\x7E]*$")]
    public static partial Regex Printable();
}

internal sealed class SiteConnectionValidator : AbstractValidator<SiteConnection>
{
    public SiteConnectionValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(x => x.Name).NotNull().WithErrorCode(FieldErrorCodes.Required).WithMessage("'{PropertyName}' is required.")
            .Matches(SiteConnectionRules.Name()).WithErrorCode(FieldErrorCodes.Malformed)
            .WithMessage("'{PropertyName}' must be letters, digits, '-' and '_' (not first), at most 63.");
        RuleFor(x => x.PeerAddress).NotNull().WithErrorCode(FieldErrorCodes.Required).WithMessage("'{PropertyName}' is required.").IpAddress();
        RuleFor(x => x.PeerCidrs).Cidrs();
        RuleForEach(x => x.PeerCidrs).NotNull().WithErrorCode(FieldErrorCodes.Required).Cidr();
        RuleFor(x => x.LocalCidrs).Cidrs();
        RuleForEach(x => x.LocalCidrs).NotNull().WithErrorCode(FieldErrorCodes.Required).Cidr();
        RuleFor(x => x.AuthMode).Known();
        When(x => x.AuthMode == AuthMode.Psk, () =>
        {
            RuleFor(x => x.Psk).NotEmpty().WithErrorCode(FieldErrorCodes.Required).WithMessage("'{PropertyName}' is required with auth_mode psk.")
                .Length(VpnLimits.MinPskLength, VpnLimits.MaxPskLength).WithErrorCode(FieldErrorCodes.OutOfRange)
                .WithMessage($"'{{PropertyName}}' must be {VpnLimits.MinPskLength} to {VpnLimits.MaxPskLength} characters.");
            RuleFor(x => x.Certificate).OnlyWith(AuthMode.Certificate);
            RuleFor(x => x.PrivateKey).OnlyWith(AuthMode.Certificate);
            RuleFor(x => x.PeerCaCertificates).OnlyWith(AuthMode.Certificate);
        });
        When(x => x.AuthMode == AuthMode.Certificate, () =>
        {
            RuleFor(x => x.Psk).OnlyWith(AuthMode.Psk);
            RuleFor(x => x.Certificate).Pem()
                .Must(pem => PemCredentials.Certificate(pem) is not null).WithErrorCode(FieldErrorCodes.Malformed)
                .WithMessage("'{PropertyName}' must be one X.509 certificate in PEM.")
                .Must(pem => PemCredentials.Certificate(pem)!.NotAfter > DateTime.Now).WithErrorCode(FieldErrorCodes.OutOfRange)
                .WithMessage((_, pem) => $"'{{PropertyName}}' expired on {PemCredentials.Certificate(pem)!.NotAfter.ToUniversalTime():u}.");
            RuleFor(x => x.PrivateKey).Pem()
                .Must(pem => PemCredentials.PrivateKey(pem) is not null).WithErrorCode(FieldErrorCodes.Malformed)
                .WithMessage("'{PropertyName}' must be an unencrypted private key in PEM (PKCS#8, RSA or EC).")
                .Must((x, pem) => PemCredentials.Certificate(x.Certificate) is null || PemCredentials.KeyMatches(x.Certificate, pem))
                .WithErrorCode(FieldErrorCodes.Invalid).WithMessage("'{PropertyName}' is not the private key of 'certificate'.");
            RuleFor(x => x.PeerCaCertificates).Pem()
                .Must(pem => PemCredentials.Certificates(pem) is { Count: <= VpnLimits.MaxPeerCas }).WithErrorCode(FieldErrorCodes.Malformed)
                .WithMessage($"'{{PropertyName}}' must be 1 to {VpnLimits.MaxPeerCas} X.509 certificates in PEM.");
        });
        RuleFor(x => x.PeerId).Identity();
        RuleFor(x => x.LocalId).Identity();
        RuleFor(x => x.IkePolicy!).SetValidator(new IkePolicyValidator()).When(x => x.IkePolicy is not null);
        RuleFor(x => x.IpsecPolicy!).SetValidator(new IpsecPolicyValidator()).When(x => x.IpsecPolicy is not null);
        RuleFor(x => x.Dpd!).SetValidator(new DpdValidator()).When(x => x.Dpd is not null);
        RuleFor(x => x.Initiator).Known();
    }
}

internal static class SiteConnectionFieldRules
{
    public static IRuleBuilderOptions<T, IReadOnlyList<string>> Cidrs<T>(this IRuleBuilder<T, IReadOnlyList<string>> rule) =>
        rule.MaxCount(VpnLimits.MaxCidrs)
            .Must(list => list.Count > 0).WithErrorCode(FieldErrorCodes.Required).WithMessage("'{PropertyName}' must have at least one network.");

    public static IRuleBuilderOptions<T, string> Identity<T>(this IRuleBuilder<T, string> rule) =>
        rule.MaxText(VpnLimits.MaxIdLength)
            .Must(id => SiteConnectionRules.Printable().IsMatch(id) && !id.Contains('"', StringComparison.Ordinal)).WithErrorCode(FieldErrorCodes.Malformed)
            .WithMessage("'{PropertyName}' must be printable ASCII without '\"'.");

    /// <summary>Required PEM text of at most <see cref="VpnLimits.MaxPemLength"/> characters.</summary>
    public static IRuleBuilderOptions<T, string> Pem<T>(this IRuleBuilder<T, string> rule) =>
        rule.NotEmpty().WithErrorCode(FieldErrorCodes.Required).WithMessage("'{PropertyName}' is required with auth_mode certificate.")
            .MaxText(VpnLimits.MaxPemLength);

    /// <summary>A field of the other way to authenticate, which must then be left out.</summary>
    public static IRuleBuilderOptions<T, string> OnlyWith<T>(this IRuleBuilder<T, string> rule, AuthMode mode) =>
        rule.Empty().WithErrorCode(FieldErrorCodes.Invalid)
            .WithMessage($"'{{PropertyName}}' is only for auth_mode {Nfp.Schema.Json.NfpJson.WireName(mode)}.");

    public static IRuleBuilderOptions<T, int> Lifetime<T>(this IRuleBuilder<T, int> rule) =>
        rule.InclusiveBetween(VpnLimits.MinLifetimeSeconds, VpnLimits.MaxLifetimeSeconds).WithErrorCode(FieldErrorCodes.OutOfRange)
            .WithMessage($"'{{PropertyName}}' must be {VpnLimits.MinLifetimeSeconds} to {VpnLimits.MaxLifetimeSeconds} seconds.");
}

/// <summary>What IKE and IPsec policies share: a known cipher, hash and group, and a lifetime in bounds.</summary>
internal abstract class ProtectionPolicyValidator<TPolicy> : AbstractValidator<TPolicy> where TPolicy : IProtectionPolicy
{
    protected ProtectionPolicyValidator()
    {
        RuleFor(x => x.EncryptionAlgorithm).Known();
        RuleFor(x => x.AuthAlgorithm).Known();
        RuleFor(x => x.Pfs).Known();
        RuleFor(x => x.LifetimeSeconds).Lifetime();
    }
}

internal sealed class IkePolicyValidator : ProtectionPolicyValidator<IkePolicy>
{
    public IkePolicyValidator()
    {
        RuleFor(x => x.IkeVersion).Known();
        // RFC 5282 defines AEAD ciphers for IKEv2's encrypted payload only; an IKEv1 SA cannot use one.
        RuleFor(x => x.EncryptionAlgorithm).Must((policy, algorithm) => policy.IkeVersion != IkeVersion.V1 || !algorithm.IsAead())
            .WithErrorCode(FieldErrorCodes.Invalid)
            .WithMessage((_, algorithm) => $"'{{PropertyName}}' {Nfp.Schema.Json.NfpJson.WireName(algorithm)} protects an IKEv2 SA only: IKEv1 has no AEAD cipher.");
    }
}

internal sealed class IpsecPolicyValidator : ProtectionPolicyValidator<IpsecPolicy>;

internal sealed class DpdValidator : AbstractValidator<Dpd>
{
    public DpdValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(x => x.Action).Known();
        RuleFor(x => x.IntervalSeconds).InclusiveBetween(VpnLimits.MinDpdSeconds, VpnLimits.MaxDpdSeconds).WithErrorCode(FieldErrorCodes.OutOfRange)
            .WithMessage($"'{{PropertyName}}' must be {VpnLimits.MinDpdSeconds} to {VpnLimits.MaxDpdSeconds} seconds.");
        RuleFor(x => x.TimeoutSeconds).InclusiveBetween(VpnLimits.MinDpdSeconds, VpnLimits.MaxDpdSeconds).WithErrorCode(FieldErrorCodes.OutOfRange)
            .WithMessage($"'{{PropertyName}}' must be {VpnLimits.MinDpdSeconds} to {VpnLimits.MaxDpdSeconds} seconds.")
            .GreaterThan(x => x.IntervalSeconds).WithErrorCode(FieldErrorCodes.Invalid).WithMessage("'{PropertyName}' must be more than the interval.");
    }
}

internal sealed class VpnDataValidator : AbstractValidator<VpnData>
{
    public VpnDataValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(x => x.MgmtIpAddress).IpAddress();
        RuleFor(x => x.LocalAddress).IpAddress();
        RuleFor(x => x.SiteConnections).SiteConnectionList();
        RuleForEach(x => x.SiteConnections).NotNull().WithErrorCode(FieldErrorCodes.Required).SetValidator(new SiteConnectionValidator());
    }
}
