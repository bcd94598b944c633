using FluentValidation;
using Microsoft.Extensions.Configuration;
using Nfp.Schema.Configurator;
using Nfp.Schema.Drivers;
using Nfp.Schema.Validation;

namespace Nfp.Drivers.Vendors.Agent;

/// <summary>
/// What NFP's own vendor drivers share: the device-wide resources of the generic module (interfaces,
/// routes, and the VRRP instance of a device in an active-standby pair) and the probe, all through the device agent; a driver adds its function's resource — its
/// data (<typeparamref name="TFunction"/>, read with its validator) and how it becomes the agent's part.
/// </summary>
public abstract class DeviceAgentDriver<TFunction> : IVendorDriver, IDisposable where TFunction : class
{
    private readonly DeviceAgentClient _agent;
    private readonly IValidator<TFunction> _validator;

    /// <param name="settings">The driver's settings: how to reach the agent (<see cref="DeviceAgentSettings"/>).</param>
    /// <param name="function">The function's resource (loadbalancer, firewall).</param>
    /// <param name="validator">What the function's resource data must be.</param>
    protected DeviceAgentDriver(IConfiguration settings, ConfigResourceKind function, IValidator<TFunction> validator)
    {
        _validator = validator;
        _agent = new DeviceAgentClient(settings.Get<DeviceAgentSettings>() ?? new DeviceAgentSettings(),
            (settings as IConfigurationSection)?.Path ?? "Settings");
        Resources = new HashSet<ConfigResourceKind> { ConfigResourceKind.Interfaces, ConfigResourceKind.Routes, ConfigResourceKind.Vrrp, function };
    }

    public IReadOnlySet<ConfigResourceKind> Resources { get; }

    public IReadOnlyList<FieldError> Check(ConfigResource resource) => AgentPart(resource).Errors;

    public Task ApplyAsync(DeviceChange change, CancellationToken cancellationToken)
    {
        var (part, body, _) = AgentPart(change.Resource);
        return _agent.ApplyAsync(change.MgmtIpAddress, change.Context.NsdId, part,
            body ?? throw new VendorDriverException("The resource's data is not valid."), change.Removing, cancellationToken);
    }

    public Task<NsdProbe> ProbeAsync(string mgmtIpAddress, Guid nsdId, CancellationToken cancellationToken) =>
        _agent.ProbeAsync(mgmtIpAddress, nsdId, cancellationToken);

    /// <summary>The agent's part for the function's config (e.g. <c>haproxy</c>), whose body <see cref="Render(TFunction)"/> makes.</summary>
    protected abstract string FunctionPart { get; }

    /// <summary>The body of the agent's part for <paramref name="config"/>.</summary>
    protected abstract string Render(TFunction config);

    /// <summary>The agent's part for <paramref name="resource"/> and its body, or (no body) what is wrong with the resource's data.</summary>
    private (string Part, string? Body, IReadOnlyList<FieldError> Errors) AgentPart(ConfigResource resource) => resource.Resource switch
    {
        ConfigResourceKind.Interfaces => Rendered("interfaces", Contracts.Read<InterfacesData>(resource.ResourceData), InterfacesLines),
        ConfigResourceKind.Routes => Rendered("routes", Contracts.Read<RoutesData>(resource.ResourceData), RoutesLines),
        ConfigResourceKind.Vrrp => Rendered("vrrp", Contracts.Read<VrrpData>(resource.ResourceData), KeepalivedConfig.Render),
        _ => Rendered(FunctionPart, Contracts.ReadWith(resource.ResourceData, _validator), Render),
    };

    private static (string Part, string? Body, IReadOnlyList<FieldError> Errors) Rendered<T>(
        string part, ContractReadResult<T> read, Func<T, string> render) where T : class =>
        read.Value is { } value ? (part, render(value), []) : (part, null, read.Errors);

    /// <summary>The agent's <c>interfaces</c> part: a line "MAC ADDRESS/PREFIX" per interface.</summary>
    private static string InterfacesLines(InterfacesData data) =>
        string.Concat(data.Interfaces.Select(i => $"{i.Mac.ToLowerInvariant()} {i.IpAddress}/{i.Cidr.Split('/')[1]}\n"));

    /// <summary>The agent's <c>routes</c> part: a line "DESTINATION NEXTHOP" per route.</summary>
    private static string RoutesLines(RoutesData data) => string.Concat(data.Routes.Select(r => $"{r.Destination} {r.Nexthop}\n"));

    public void Dispose()
    {
        _agent.Dispose();
        GC.SuppressFinalize(this);
    }
}
