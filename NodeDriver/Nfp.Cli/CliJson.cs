using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Nfp.Schema.Json;
using Nfp.Schema.Resources;
using Nfp.Schema.Rpc;
using Nfp.Schema.Validation;

namespace Nfp.Cli;

/// <summary>
/// Every type the CLI reads or writes as JSON, with NFP's wire conventions (<see cref="NfpJson"/>: snake_case,
/// enums by wire name, unknown fields refused, required constructor parameters), generated at build time:
/// <c>nfp</c> is compiled ahead of time (docs/benchmarks.md, issue 16), where JSON cannot be read by
/// reflection. Its enums' converters are listed because a converter cannot be made for a type at run time
/// there; a test checks that every enum these types reach is listed.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    RespectRequiredConstructorParameters = true,
    Converters =
    [
        typeof(WireEnumConverter<ServiceType>), typeof(WireEnumConverter<ServiceTopology>), typeof(WireEnumConverter<ProvisioningStatus>),
        typeof(WireEnumConverter<OperatingStatus>), typeof(WireEnumConverter<HaState>), typeof(WireEnumConverter<PortClassification>),
        typeof(WireEnumConverter<PortType>), typeof(WireEnumConverter<PortPolicy>),
    ])]
[JsonSerializable(typeof(CreateNetworkService))]
[JsonSerializable(typeof(ServiceConfigChange))]
[JsonSerializable(typeof(NetworkServiceAccepted))]
[JsonSerializable(typeof(NetworkServiceDetail))]
[JsonSerializable(typeof(List<NetworkService>))]
[JsonSerializable(typeof(List<OperationStep>))]
[JsonSerializable(typeof(IReadOnlyList<FieldError>))]
[JsonSerializable(typeof(IReadOnlyList<QuotaUse>))]
[JsonSerializable(typeof(TokenRequest))]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(JsonObject))]
public sealed partial class CliJson : JsonSerializerContext;

/// <summary><c>PUT /v1/network_services/{id}</c>'s body: the service's new config.</summary>
public sealed record ServiceConfigChange(JsonElement? ServiceConfig);

/// <summary><c>POST /v1/tokens</c>'s body.</summary>
public sealed record TokenRequest(Guid? TenantId, string Role, string Name, int? ExpiresInSeconds);
