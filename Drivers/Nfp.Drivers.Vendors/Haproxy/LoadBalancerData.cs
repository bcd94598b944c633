using System.Text.Json.Serialization;
using FluentValidation;
using Nfp.Schema.Validation;

namespace Nfp.Drivers.Vendors.Haproxy;

/// <summary>
/// A <c>loadbalancer</c> resource for the haproxy driver: a listener on the VIP (an address of the
/// device's consumer side), the pool's balancing and health check, and its members (the provider
/// group's policy targets, at the port they serve on).
/// </summary>
public sealed record LoadBalancerData(string MgmtIpAddress, Listener Listener, Pool Pool, IReadOnlyList<Member> Members);

/// <summary>Where clients connect: the VIP, its port, and whether haproxy proxies HTTP or plain TCP.</summary>
public sealed record Listener(string Address, int Port, ListenerProtocol Protocol = ListenerProtocol.Http);

public enum ListenerProtocol
{
    [JsonStringEnumMemberName("http")] Http,
    [JsonStringEnumMemberName("tcp")] Tcp,
}

/// <summary>How the members share the load, and how haproxy tells a member is down.</summary>
public sealed record Pool(LbMethod LbMethod = LbMethod.RoundRobin, HealthCheck? HealthCheck = null);

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
public sealed record HealthCheck(HealthCheckType Type = HealthCheckType.Tcp, string Path = "/", int IntervalMs = 1000, int Rise = 2, int Fall = 2);

public enum HealthCheckType
{
    [JsonStringEnumMemberName("tcp")] Tcp,
    [JsonStringEnumMemberName("http")] Http,
}

/// <summary>A backend: its address and the port it serves on.</summary>
public sealed record Member(string Address, int Port);

internal sealed class LoadBalancerDataValidator : AbstractValidator<LoadBalancerData>
{
    public const int MaxMembers = 256;

    public LoadBalancerDataValidator()
    {
        RuleFor(x => x.MgmtIpAddress).IpAddress();
        RuleFor(x => x.Listener).NotNull().WithErrorCode(FieldErrorCodes.Required).WithMessage("'{PropertyName}' is required.");
        RuleFor(x => x.Listener.Address).IpAddress().When(x => x.Listener is not null);
        RuleFor(x => x.Listener.Port).Port().When(x => x.Listener is not null);
        RuleFor(x => x.Listener.Protocol).Known().When(x => x.Listener is not null);
        RuleFor(x => x.Pool).NotNull().WithErrorCode(FieldErrorCodes.Required).WithMessage("'{PropertyName}' is required.");
        RuleFor(x => x.Pool.LbMethod).Known().When(x => x.Pool is not null);
        RuleFor(x => x.Pool.HealthCheck!).SetValidator(new HealthCheckValidator()).When(x => x.Pool?.HealthCheck is not null);
        RuleFor(x => x.Members).MaxCount(MaxMembers);
        RuleForEach(x => x.Members).ChildRules(m =>
        {
            m.RuleFor(x => x.Address).IpAddress();
            m.RuleFor(x => x.Port).Port();
        });
        RuleFor(x => x.Members).Must(members => members.Distinct().Count() == members.Count)
            .When(x => x.Members is not null).WithErrorCode(FieldErrorCodes.Invalid)
            .WithMessage("'members' has the same address and port twice.");
    }

    private sealed class HealthCheckValidator : AbstractValidator<HealthCheck>
    {
        public HealthCheckValidator()
        {
            RuleFor(x => x.Type).Known();
            // The path is written into haproxy's config: a plain absolute path, nothing that could end the line.
            RuleFor(x => x.Path).Matches("^/[A-Za-z0-9._~!$&'()*+,;=:@%/?-]{0,255}$").WithErrorCode(FieldErrorCodes.Malformed)
                .WithMessage("'{PropertyName}' must be an absolute URL path, e.g. /healthz.");
            RuleFor(x => x.IntervalMs).InclusiveBetween(100, 60_000).WithErrorCode(FieldErrorCodes.OutOfRange)
                .WithMessage("'{PropertyName}' must be from 100 to 60000 (milliseconds).");
            RuleFor(x => x.Rise).InclusiveBetween(1, 100).WithErrorCode(FieldErrorCodes.OutOfRange)
                .WithMessage("'{PropertyName}' must be from 1 to 100.");
            RuleFor(x => x.Fall).InclusiveBetween(1, 100).WithErrorCode(FieldErrorCodes.OutOfRange)
                .WithMessage("'{PropertyName}' must be from 1 to 100.");
        }
    }
}
