using System.Text.Json;
using Nfp.Drivers.Vendors.Haproxy;
using Nfp.Drivers.Vendors.Iptables;
using Nfp.Drivers.Vendors.Strongswan;
using Nfp.Schema.Drivers;
using Nfp.Schema.Json;
using Nfp.Schema.Resources;

namespace Nfp.Schema.Tests;

/// <summary>
/// docs/schemas holds each shipped vendor's service_config as a JSON Schema generated from the records its
/// validators read; a record that changes without the file fails here. To write the files again:
/// <c>NFP_WRITE_SCHEMAS=1 dotnet test tests/Nfp.Schema.Tests --filter ServiceConfigSchemaDocsTests</c>.
/// </summary>
public class ServiceConfigSchemaDocsTests
{
    public static TheoryData<string> Files => new(Shipped.Keys);

    private static readonly Dictionary<string, (IServiceConfigSchema Schema, ServiceType Type)> Shipped = new()
    {
        ["haproxy.loadbalancer.json"] = (new HaproxyServiceConfig(), ServiceType.Loadbalancer),
        ["iptables.firewall.json"] = (new IptablesServiceConfig(), ServiceType.Firewall),
        ["strongswan.vpn.json"] = (new StrongswanServiceConfig(), ServiceType.Vpn),
    };

    [Theory, MemberData(nameof(Files))]
    public void The_published_schema_is_the_one_its_records_give(string file)
    {
        var (schema, type) = Shipped[file];
        var generated = ContractJsonSchema.For(schema.ConfigType(type)!, $"{file[..file.IndexOf('.', StringComparison.Ordinal)]} {NfpJson.WireName(type)} service_config")
            .ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";
        var path = RepositoryFiles.PathOf($"docs/schemas/{file}");

        if (Environment.GetEnvironmentVariable("NFP_WRITE_SCHEMAS") == "1")
        {
            File.WriteAllText(path, generated);
        }

        Assert.True(File.Exists(path), $"{path} is missing; see this class's summary to write it.");
        Assert.Equal(generated, File.ReadAllText(path));
    }

    [Fact]
    public void Each_shipped_vendor_checks_one_service_type_and_takes_any_object_for_the_others()
    {
        var haproxy = new HaproxyServiceConfig();

        Assert.Equal(typeof(LoadBalancerConfig), haproxy.ConfigType(ServiceType.Loadbalancer));
        Assert.Null(haproxy.ConfigType(ServiceType.Firewall));
        Assert.Empty(haproxy.Check(ServiceType.Firewall, JsonDocument.Parse("""{"anything": 1}""").RootElement));
        Assert.NotEmpty(haproxy.Check(ServiceType.Loadbalancer, JsonDocument.Parse("""{"anything": 1}""").RootElement));
    }
}
