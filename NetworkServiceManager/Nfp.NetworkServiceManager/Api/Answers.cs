using Nfp.NetworkServiceManager.Api.Auth;
using Nfp.NetworkServiceManager.Persistence;
using Nfp.Schema.Resources;
using Nfp.Schema.Rpc;

namespace Nfp.NetworkServiceManager.Api;

// The bodies the operator API answers with, one record each, so that the OpenAPI document
// (/openapi/v1.json) describes each exactly. A list page's keys are named after its collection, OpenStack
// style; with fields= its items hold only the fields asked for.

/// <summary>A link of a list page: <c>next</c> or <c>previous</c>.</summary>
public sealed record PageLink(string Rel, string Href);

public sealed record NetworkServicePage(IReadOnlyList<NetworkService> NetworkServices, IReadOnlyList<PageLink> NetworkServicesLinks);

public sealed record NsdPage(IReadOnlyList<NetworkServiceDevice> Nsds, IReadOnlyList<PageLink> NsdsLinks);

public sealed record InstancePage(IReadOnlyList<NetworkServiceInstance> Instances, IReadOnlyList<PageLink> InstancesLinks);

public sealed record OperationPage(IReadOnlyList<Operation> Operations, IReadOnlyList<PageLink> OperationsLinks);

public sealed record NsdAnswer(NetworkServiceDevice Nsd);

public sealed record InstanceAnswer(NetworkServiceInstance Instance);

public sealed record OperationAnswer(Operation Operation);

public sealed record OperationStepsAnswer(IReadOnlyList<OperationStep> OperationSteps);

public sealed record PortsAnswer(IReadOnlyList<ServicePort> Ports);

public sealed record TokensAnswer(IReadOnlyList<ApiToken> Tokens);

public sealed record QuotaAnswer(TenantQuota Quota);

public sealed record QuotasAnswer(IReadOnlyList<TenantQuota> Quotas);

public sealed record QuotaDefaultsAnswer(QuotaLimits Quota);

/// <summary><c>GET /</c>: the API versions, Octavia style.</summary>
public sealed record VersionsAnswer(IReadOnlyList<ApiVersion> Versions);

public sealed record ApiVersion(string Id, string Status, IReadOnlyList<PageLink> Links);
