using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using FluentValidation;
using Nfp.Schema.Validation;

namespace Nfp.Drivers.Vendors.Haproxy;

/// <summary>
/// A <c>loadbalancer</c> resource for the haproxy driver, as the configurator gets it: a listener on the VIP
/// (an address of the device's consumer side), the pool's balancing and health check, and its members
/// (the provider group's policy targets, at the port they serve on). The lifecycle driver makes it from
/// the service's <see cref="LoadBalancerConfig"/>, filling in what only the manager knows.
/// </summary>
public sealed record LoadBalancerData(string MgmtIpAddress, Listener Listener, Pool Pool, IReadOnlyList<Member> Members);

/// <summary>Where clients connect: the VIP, its port, and whether haproxy proxies HTTP or plain TCP.</summary>
public sealed record Listener(
    [property: Description("The port clients connect to on the VIP."), Range(Limits.MinPort, Limits.MaxPort)] int Port,
    [property: Description("http: haproxy proxies HTTP requests; tcp: plain TCP connections.")] ListenerProtocol Protocol = ListenerProtocol.Http,
    [property: Description("The VIP. Empty in a service_config: the device's address on the consumer port's network.")] string Address = "");

public enum ListenerProtocol
{
    [JsonStringEnumMemberName("http")] Http,
    [JsonStringEnumMemberName("tcp")] Tcp,
}

/// <summary>How the members share the load, and how haproxy tells a member is down.</summary>
public sealed record Pool(
    [property: Description("round_robin, least_connections or source_ip.")] LbMethod LbMethod = LbMethod.RoundRobin,
    [property: Description("How haproxy checks each member; none: members are not checked.")] HealthCheck? HealthCheck = null);

public enum LbMethod
{
    [JsonStringEnumMemberName("round_robin")] RoundRobin,
    [JsonStringEnumMemberName("least_connections")] LeastConnections,
    [JsonStringEnumMemberName("source_ip")] SourceIp,
}

/// <summary>
/// A member is checked every <see cref="IntervalMs"/>: down after <see cref="Fall"/> failed checks, up again
/// after <see cref="Rise"/> good ones. <see cref="Type"/> http asks GET <see cref="Path"/> and wants a 2xx or 3xx.
/// </summary>
public sealed record HealthCheck(
    [property: Description("tcp: a connection; http: GET path, answered 2xx or 3xx.")] HealthCheckType Type = HealthCheckType.Tcp,
    [property: Description("The path an http check asks for, an absolute URL path.")] string Path = "/",
    [property: Description("Milliseconds between two checks of a member."), Range(HaproxyLimits.MinCheckIntervalMs, HaproxyLimits.MaxCheckIntervalMs)] int IntervalMs = 1000,
    [property: Description("Good checks in a row after which a member is up."), Range(HaproxyLimits.MinRiseFall, HaproxyLimits.MaxRiseFall)] int Rise = 2,
    [property: Description("Failed checks in a row after which a member is down."), Range(HaproxyLimits.MinRiseFall, HaproxyLimits.MaxRiseFall)] int Fall = 2);

public enum HealthCheckType
{
    [JsonStringEnumMemberName("tcp")] Tcp,
    [JsonStringEnumMemberName("http")] Http,
}

/// <summary>A backend: its address and the port it serves on.</summary>
public sealed record Member(string Address, int Port);

/// <summary>The haproxy driver's limits, for its validators and its JSON Schema alike.</summary>
public static class HaproxyLimits
{
    public const int MinCheckIntervalMs = 100;
    public const int MaxCheckIntervalMs = 60_000;
    public const int MinRiseFall = 1;
    public const int MaxRiseFall = 100;
    public const int MaxMembers = 256;
}

/// <summary>A listener; its address is the VIP, which a service_config may leave to the manager.</summary>
internal sealed class ListenerValidator : AbstractValidator<Listener>
{
    public ListenerValidator(bool addressRequired)
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(x => x.Address).IpAddress().When(x => addressRequired || !string.IsNullOrEmpty(x.Address));
        RuleFor(x => x.Port).Port();
        RuleFor(x => x.Protocol).Known();
    }
}

internal sealed class PoolValidator : AbstractValidator<Pool>
{
    public PoolValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(x => x.LbMethod).Known();
        RuleFor(x => x.HealthCheck!).SetValidator(new HealthCheckValidator()).When(x => x.HealthCheck is not null);
    }

    private sealed class HealthCheckValidator : AbstractValidator<HealthCheck>
    {
        public HealthCheckValidator()
        {
            RuleLevelCascadeMode = CascadeMode.Stop;
            RuleFor(x => x.Type).Known();
            // The path is written into haproxy's config: a plain absolute path, nothing that could end the line.
            RuleFor(x => x.Path).Matches("^/[A-Za-z0-9._~!$&'()*+,;=:@%/?-]{0,255}$").WithErrorCode(FieldErrorCodes.Malformed)
                .WithMessage("'{PropertyName}' must be an absolute URL path, e.g. /healthz.");
            RuleFor(x => x.IntervalMs).InclusiveBetween(HaproxyLimits.MinCheckIntervalMs, HaproxyLimits.MaxCheckIntervalMs)
                .WithErrorCode(FieldErrorCodes.OutOfRange)
                .WithMessage($"'{{PropertyName}}' must be from {HaproxyLimits.MinCheckIntervalMs} to {HaproxyLimits.MaxCheckIntervalMs} (milliseconds).");
            RuleFor(x => x.Rise).InclusiveBetween(HaproxyLimits.MinRiseFall, HaproxyLimits.MaxRiseFall).WithErrorCode(FieldErrorCodes.OutOfRange)
                .WithMessage($"'{{PropertyName}}' must be from {HaproxyLimits.MinRiseFall} to {HaproxyLimits.MaxRiseFall}.");
            RuleFor(x => x.Fall).InclusiveBetween(HaproxyLimits.MinRiseFall, HaproxyLimits.MaxRiseFall).WithErrorCode(FieldErrorCodes.OutOfRange)
                .WithMessage($"'{{PropertyName}}' must be from {HaproxyLimits.MinRiseFall} to {HaproxyLimits.MaxRiseFall}.");
        }
    }
}

internal sealed class LoadBalancerDataValidator : AbstractValidator<LoadBalancerData>
{
    public LoadBalancerDataValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(x => x.MgmtIpAddress).IpAddress();
        RuleFor(x => x.Listener).NotNull().WithErrorCode(FieldErrorCodes.Required).WithMessage("'{PropertyName}' is required.")
            .SetValidator(new ListenerValidator(addressRequired: true));
        RuleFor(x => x.Pool).NotNull().WithErrorCode(FieldErrorCodes.Required).WithMessage("'{PropertyName}' is required.")
            .SetValidator(new PoolValidator());
        RuleFor(x => x.Members).MaxCount(HaproxyLimits.MaxMembers)
            .Must(members => members.Distinct().Count() == members.Count).WithErrorCode(FieldErrorCodes.Invalid)
            .WithMessage("'members' has the same address and port twice.");
        RuleForEach(x => x.Members).ChildRules(m =>
        {
            m.RuleFor(x => x.Address).IpAddress();
            m.RuleFor(x => x.Port).Port();
        });
    }
}
