using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Nfp.Schema.Configurator;
using Nfp.Schema.Json;
using Nfp.Schema.Resources;
using Nfp.Schema.Rpc;
using Nfp.Schema.Validation;
using static Nfp.Schema.Validation.FieldErrorCodes;

namespace Nfp.Schema.Tests;

/// <summary>
/// Contracts as they arrive: JSON read by <see cref="Contracts.Read{T}"/>. A refused request yields errors
/// naming the field as sent and no value, so nothing downstream can write it.
/// </summary>
public class JsonReadingTests
{
    /// <summary>A JSON body made from a valid contract with one edit, and the one error it must get.</summary>
    internal sealed record BadJson(string Name, Func<ContractReadResult<object>> Read, string Field, string Code);

    private static readonly IReadOnlyList<BadJson> BadJsons =
    [
        // malformed UUIDs
        Create("tenant_id not a UUID", j => j["tenant_id"] = "not-a-uuid", "tenant_id", MalformedUuid),
        Create("tenant_id is a number", j => j["tenant_id"] = 42, "tenant_id", MalformedUuid),
        Create("service_chain_id (optional) not a UUID", j => j["service_chain_id"] = "chain-1", "service_chain_id", MalformedUuid),
        Create("service_profile.id not a UUID", j => j["service_profile"]!["id"] = "{}", "service_profile.id", MalformedUuid),
        Create("port_info[1].id not a UUID", j => j["port_info"]![1]!["id"] = "1234", "port_info[1].id", MalformedUuid),
        Call("context.nsd_id not a UUID",
            j => j["request"]!["info"]!["context"]!["nsd_id"] = "nsd-1", "request.info.context.nsd_id", MalformedUuid),

        // unknown enum values: wire names only, exactly as declared
        .. new JsonNode?[] { "sideways", 1, "1", "Provider", "PROVIDER", "provider, consumer", "monitoring,consumer", " provider", true }
            .Select(value => Create($"classification {value?.ToJsonString()}",
                j => j["port_info"]![0]!["port_classification"] = value, "port_info[0].port_classification", UnknownValue)),
        Create("port_info[1].port_policy is the C# name", j => j["port_info"]![1]!["port_policy"] = "NeutronPort",
            "port_info[1].port_policy", UnknownValue),
        Create("service_profile.service_type is 'router'", j => j["service_profile"]!["service_type"] = "router",
            "service_profile.service_type", UnknownValue),
        Read<GetNetworkServices>("provisioning_status in lower case", Valid.List(), j => j["provisioning_status"] = "active",
            "provisioning_status", UnknownValue),
        Call("method is 'create_nsd'", j => j["method"] = "create_nsd", "method", UnknownValue),
        Call("config[0].resource is 'router'", j => j["request"]!["config"]![0]!["resource"] = "router",
            "request.config[0].resource", UnknownValue),
        Read<NotificationList>("notifications[1].health is 'dead'", Valid.NotificationList(),
            j => j["notifications"]![1]!["health"] = "dead", "notifications[1].health", UnknownValue),

        // unknown fields, named where they are
        Create("unknown field at the root", j => j["colour"] = "red", "colour", UnknownField),
        Create("field in PascalCase", j => j["TenantId"] = j["tenant_id"]!.DeepClone(), "TenantId", UnknownField),
        Create("unknown field in service_profile", j => j["service_profile"]!["colour"] = "red", "service_profile.colour", UnknownField),
        Create("unknown field in port_info[0]", j => j["port_info"]![0]!["colour"] = "red", "port_info[0].colour", UnknownField),
        Read<GetNotifications>("get_notifications with a field", Valid.GetNotifications(), j => j["since"] = "yesterday",
            "since", UnknownField),

        // missing required fields
        Create("tenant_id absent", j => j.Remove("tenant_id"), "tenant_id", Required),
        Create("service_profile absent", j => j.Remove("service_profile"), "service_profile", Required),
        Create("service_profile null", j => j["service_profile"] = null, "service_profile", Required),
        // null where the contract holds a value (a UUID, an enum) is that value left out, not a malformed one.
        Create("tenant_id null", j => j["tenant_id"] = null, "tenant_id", Required),
        Create("port_info[1].port_classification null", j => j["port_info"]![1]!["port_classification"] = null,
            "port_info[1].port_classification", Required),
        Read<GetNetworkService>("get: network_service_id null", Valid.Get(), j => j["network_service_id"] = null, "network_service_id", Required),
        Create("service_profile.service_vendor absent", j => j["service_profile"]!.AsObject().Remove("service_vendor"),
            "service_profile.service_vendor", Required),
        Create("port_info absent", j => j.Remove("port_info"), "port_info", Required),
        Create("port_info[1].id absent", j => j["port_info"]![1]!.AsObject().Remove("id"), "port_info[1].id", Required),
        // Enum fields with no default in the contract are required too: absent must not read as the first member.
        Create("service_profile.service_type absent", j => j["service_profile"]!.AsObject().Remove("service_type"),
            "service_profile.service_type", Required),
        Create("port_info[0].port_policy absent", j => j["port_info"]![0]!.AsObject().Remove("port_policy"),
            "port_info[0].port_policy", Required),
        Create("port_info[0].port_classification absent", j => j["port_info"]![0]!.AsObject().Remove("port_classification"),
            "port_info[0].port_classification", Required),
        Call("method absent", j => j.Remove("method"), "method", Required),
        Call("config[0].resource absent", j => j["request"]!["config"]![0]!.AsObject().Remove("resource"),
            "request.config[0].resource", Required),
        Read<ConfiguratorNotification>("notification type absent", Valid.HealthNotification(), j => j.Remove("notification"),
            "notification", Required),
        Read<ConfiguratorNotification>("created_at absent", Valid.ConfigNotification(), j => j.Remove("created_at"),
            "created_at", Required),
        Read<DeleteNetworkService>("delete with an empty object", Valid.Delete(), j => j.Clear(), "network_service_id", Required),

        // wrong JSON types
        Create("name is a number", j => j["name"] = 5, "name", Malformed),
        Create("port_info is an object", j => j["port_info"] = new JsonObject(), "port_info", Malformed),
        Read<GetNetworkServices>("limit is a string", Valid.List(), j => j["limit"] = "ten", "limit", Malformed),
        Read<ConfiguratorNotification>("created_at is not a time", Valid.ConfigNotification(), j => j["created_at"] = "yesterday",
            "created_at", Malformed),

        // valid JSON, invalid contract: the validator's errors come through Read
        Create("service_vendor blank (well-formed JSON)",
            j => j["service_profile"]!["service_vendor"] = " ", "service_profile.service_vendor", Required),
        Read<GetNetworkServices>("limit is 0", Valid.List(), j => j["limit"] = 0, "limit", OutOfRange),
    ];

    private static readonly IReadOnlyDictionary<string, BadJson> Bad = ContractCases.ByName(BadJsons, b => b.Name);

    public static TheoryData<string> MalformedUuids => Names(MalformedUuid);
    public static TheoryData<string> UnknownEnumValues => Names(UnknownValue);
    public static TheoryData<string> UnknownFields => Names(UnknownField);
    public static TheoryData<string> MissingFields => Names(Required);
    public static TheoryData<string> WrongTypes => Names(Malformed, OutOfRange);

    [Theory, MemberData(nameof(MalformedUuids))]
    public void Json_with_a_malformed_uuid_is_refused_as_malformed_uuid_naming_the_field(string input) => AssertRefused(input);

    [Theory, MemberData(nameof(UnknownEnumValues))]
    public void Json_with_an_enum_value_that_is_not_a_declared_wire_name_is_refused_as_unknown_value(string input) => AssertRefused(input);

    [Theory, MemberData(nameof(UnknownFields))]
    public void Json_with_an_unknown_field_is_refused_as_unknown_field_naming_it(string input) => AssertRefused(input);

    [Theory, MemberData(nameof(MissingFields))]
    public void Json_missing_a_required_field_is_refused_as_required_naming_it(string input) => AssertRefused(input);

    [Theory, MemberData(nameof(WrongTypes))]
    public void Json_with_a_value_of_the_wrong_type_or_range_is_refused_naming_the_field(string input) => AssertRefused(input);

    [Fact]
    public void Create_with_tenant_id_not_a_uuid_is_refused_naming_tenant_id()
    {
        var result = Contracts.Read<CreateNetworkService>(CreateJson(j => j["tenant_id"] = "not-a-uuid"));

        Assert.False(result.IsValid);
        Assert.Null(result.Value);
        var error = Assert.Single(result.Errors);
        Assert.Equal(("tenant_id", MalformedUuid), (error.Field, error.Code));
    }

    [Fact]
    public void Unknown_port_classification_is_refused_listing_the_accepted_wire_names()
    {
        var result = Contracts.Read<CreateNetworkService>(CreateJson(j => j["port_info"]![0]!["port_classification"] = "sideways"));

        var error = Assert.Single(result.Errors);
        Assert.Equal(("port_info[0].port_classification", UnknownValue), (error.Field, error.Code));
        Assert.Contains("provider, consumer, management, monitoring", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("[]")]
    [InlineData("42")]
    [InlineData("\"create\"")]
    [InlineData("{} {}")]
    public void Body_that_is_not_a_json_object_is_refused_as_malformed_without_throwing(string body)
    {
        var result = Contracts.Read<CreateNetworkService>(body);

        Assert.Null(result.Value);
        var error = Assert.Single(result.Errors);
        Assert.Equal(("", Malformed), (error.Field, error.Code));
    }

    [Fact]
    public void Body_of_json_null_is_refused_as_required()
    {
        var result = Contracts.Read<CreateNetworkService>("null");

        Assert.Null(result.Value);
        var error = Assert.Single(result.Errors);
        Assert.Equal(("", Required), (error.Field, error.Code));
    }

    [Theory]
    [InlineData("{\"rules\": []}", "{\"rules\": []}")]
    [InlineData("\"{\\\"rules\\\": []}\"", "{\"rules\": []}")]
    [InlineData("\"\"", "{}")]
    public void Service_config_is_a_json_object_or_a_string_holding_one(string wire, string read)
    {
        var result = Contracts.Read<UpdateNetworkService>($$"""{"network_service_id": "{{Guid.NewGuid()}}", "service_config": {{wire}}}""");

        Assert.Empty(result.Errors);
        Assert.Equal(read, result.Value!.ServiceConfig!.Value.GetRawText());
        // Written back as the object, whichever way it came.
        Assert.Equal(JsonNode.Parse(read)!.ToJsonString(), JsonSerializer.SerializeToNode(result.Value, NfpJson.Options)!["service_config"]!.ToJsonString());
    }

    [Theory]
    [InlineData("\"frontend web\"", "malformed")]
    [InlineData("[1, 2]", "malformed")]
    [InlineData("null", "required")]
    public void A_service_config_that_is_not_an_object_is_refused_naming_it(string wire, string code)
    {
        var result = Contracts.Read<UpdateNetworkService>($$"""{"network_service_id": "{{Guid.NewGuid()}}", "service_config": {{wire}}}""");

        Assert.Equal(new[] { ("service_config", code) }, result.Errors.Select(e => (e.Field, e.Code)));
    }

    [Fact]
    public void Complete_create_request_reads_into_the_expected_record()
    {
        const string json = """
            {
              "tenant_id": "0a7e1a4c-39a5-4d5e-9d3f-6b1c2a000001",
              "service_id": "0a7e1a4c-39a5-4d5e-9d3f-6b1c2a000002",
              "service_profile": { "id": "0a7e1a4c-39a5-4d5e-9d3f-6b1c2a000003", "service_type": "loadbalancer",
                                   "service_vendor": "haproxy", "allow_sharing": true },
              "port_info": [
                { "id": "0a7e1a4c-39a5-4d5e-9d3f-6b1c2a000004", "port_policy": "gbp_policy_target",
                  "port_classification": "consumer", "network": "tenant-consumer", "port_type": "master",
                  "ip_address": "10.0.1.5" },
                { "id": "0a7e1a4c-39a5-4d5e-9d3f-6b1c2a000005", "port_policy": "neutron_port",
                  "port_classification": "provider", "network": "tenant-web" }
              ],
              "name": "lb-1",
              "description": "web tier",
              "service_chain_id": "0a7e1a4c-39a5-4d5e-9d3f-6b1c2a000006",
              "service_config": { "listener": { "port": 80 } }
            }
            """;

        var result = Contracts.Read<CreateNetworkService>(json);

        Assert.Empty(result.Errors);
        var create = Assert.IsType<CreateNetworkService>(result.Value);
        Assert.Equal(Guid.Parse("0a7e1a4c-39a5-4d5e-9d3f-6b1c2a000001"), create.TenantId);
        Assert.Equal(Guid.Parse("0a7e1a4c-39a5-4d5e-9d3f-6b1c2a000002"), create.ServiceId);
        Assert.Equal(new ServiceProfile(Guid.Parse("0a7e1a4c-39a5-4d5e-9d3f-6b1c2a000003"), ServiceType.Loadbalancer, "haproxy", true),
            create.ServiceProfile);
        Assert.Equal(
            new[]
            {
                new PortInfoRequest(Guid.Parse("0a7e1a4c-39a5-4d5e-9d3f-6b1c2a000004"), PortPolicy.GbpPolicyTarget,
                    PortClassification.Consumer, "tenant-consumer", PortType.Master, "10.0.1.5"),
                new PortInfoRequest(Guid.Parse("0a7e1a4c-39a5-4d5e-9d3f-6b1c2a000005"), PortPolicy.NeutronPort,
                    PortClassification.Provider, "tenant-web", PortType.Active),
            },
            create.PortInfo);
        Assert.Equal(("lb-1", "web tier", """{ "listener": { "port": 80 } }"""), (create.Name, create.Description, create.ServiceConfig?.GetRawText()));
        Assert.Equal(Guid.Parse("0a7e1a4c-39a5-4d5e-9d3f-6b1c2a000006"), create.ServiceChainId);
    }

    [Fact]
    public void Configurator_call_keeps_resource_data_as_the_json_sent()
    {
        var sent = Valid.Call();

        var result = Contracts.Read<ConfiguratorCall>(JsonSerializer.Serialize(sent, NfpJson.Options));

        Assert.Empty(result.Errors);
        var call = Assert.IsType<ConfiguratorCall>(result.Value);
        Assert.Equal(sent.Method, call.Method);
        Assert.Equal(sent.Request.Info, call.Request.Info);
        Assert.Equal(
            sent.Request.Config.Select(c => (c.Resource, c.ResourceData.GetRawText())),
            call.Request.Config.Select(c => (c.Resource, c.ResourceData.GetRawText())));
    }

    public static TheoryData<string> ValidatedContractNames => new(Valid.ByContract.Keys.Select(t => t.Name));

    [Theory, MemberData(nameof(ValidatedContractNames))]
    public void Valid_example_reads_back_from_its_own_json_unchanged(string contract)
    {
        var example = Valid.ByContract.Single(pair => pair.Key.Name == contract).Value();
        var json = JsonSerializer.Serialize(example, example.GetType(), NfpJson.Options);

        var result = ReadAs(example.GetType(), json);

        Assert.Empty(result.Errors);
        Assert.Equal(json, JsonSerializer.Serialize(result.Value, example.GetType(), NfpJson.Options));
    }

    private static void AssertRefused(string input)
    {
        var bad = Bad[input];

        var result = bad.Read();

        Assert.Null(result.Value);
        Assert.Equal(new[] { (bad.Field, bad.Code) }, result.Errors.Select(e => (e.Field, e.Code)).Distinct());
    }

    private static TheoryData<string> Names(params string[] codes) =>
        new(BadJsons.Where(b => codes.Contains(b.Code)).Select(b => b.Name));

    private static BadJson Create(string name, Action<JsonObject> edit, string field, string code) =>
        Read<CreateNetworkService>($"create: {name}", Valid.Create(), edit, field, code);

    private static BadJson Call(string name, Action<JsonObject> edit, string field, string code) =>
        Read<ConfiguratorCall>($"call: {name}", Valid.Call(), edit, field, code);

    /// <summary>A case reading <paramref name="valid"/>, serialized and then edited, as a <typeparamref name="T"/>.</summary>
    private static BadJson Read<T>(string name, T valid, Action<JsonObject> edit, string field, string code) where T : class =>
        new(name, () =>
        {
            var result = Contracts.Read<T>(Edited(valid, edit));
            return new(result.Value, result.Errors);
        }, field, code);

    private static string CreateJson(Action<JsonObject> edit) => Edited(Valid.Create(), edit);

    private static string Edited<T>(T valid, Action<JsonObject> edit)
    {
        var json = JsonSerializer.SerializeToNode(valid, NfpJson.Options)!.AsObject();
        edit(json);
        return json.ToJsonString();
    }

    private static ContractReadResult<object> ReadAs(Type contract, string json)
    {
        var read = typeof(Contracts).GetMethods()
            .Single(m => m.Name == nameof(Contracts.Read) && m.GetParameters()[0].ParameterType == typeof(string)).MakeGenericMethod(contract);
        var result = read.Invoke(null, BindingFlags.DoNotWrapExceptions, null, [json], null)!;
        object? Property(string name) => result.GetType().GetProperty(name)!.GetValue(result);
        return new(Property("Value"), (IReadOnlyList<FieldError>)Property("Errors")!);
    }
}
