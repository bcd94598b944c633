using System.Text.Json;
using Nfp.Drivers.Vendors.Strongswan;
using Nfp.Schema.Resources;

namespace Nfp.Schema.Tests;

/// <summary>The strongswan vendor's service_config as the manager checks it at the door: each fault named by its field.</summary>
public class StrongswanServiceConfigTests
{
    private const string Good = """
        { "name": "to-b", "peer_address": "192.0.2.3", "peer_cidrs": ["10.2.0.0/24"], "local_cidrs": ["10.1.0.0/24"], "psk": "open-sesame-4711" }
        """;

    [Fact]
    public void A_connection_with_every_default_is_taken()
    {
        Assert.Empty(Check($$"""{ "site_connections": [{{Good}}] }"""));
        Assert.Empty(Check("""{ "site_connections": [] }"""));
    }

    [Theory]
    [InlineData("\"peer_address\": \"192.0.2.300\"", "site_connections[0].peer_address", "malformed")]
    [InlineData("\"peer_cidrs\": [\"10.2.0.1/24\"]", "site_connections[0].peer_cidrs[0]", "malformed")]
    [InlineData("\"local_cidrs\": []", "site_connections[0].local_cidrs", "required")]
    [InlineData("\"psk\": \"short\"", "site_connections[0].psk", "out_of_range")]
    [InlineData("\"name\": \"to b\"", "site_connections[0].name", "malformed")]
    [InlineData("\"peer_id\": \"a\\\"b\"", "site_connections[0].peer_id", "malformed")]
    [InlineData("\"ike_policy\": { \"encryption_algorithm\": \"3des\" }", "site_connections[0].ike_policy.encryption_algorithm", "unknown_value")]
    [InlineData("\"ipsec_policy\": { \"lifetime_seconds\": 10 }", "site_connections[0].ipsec_policy.lifetime_seconds", "out_of_range")]
    [InlineData("\"dpd\": { \"interval_seconds\": 30, \"timeout_seconds\": 30 }", "site_connections[0].dpd.timeout_seconds", "invalid")]
    [InlineData("\"initiator\": \"sometimes\"", "site_connections[0].initiator", "unknown_value")]
    public void A_bad_field_is_refused_by_name(string field, string path, string code)
    {
        var connection = Good.TrimEnd()[..^1] + ", " + field + " }";
        // A field given twice: the later one counts, as System.Text.Json reads it.
        var error = Assert.Single(Check($$"""{ "site_connections": [{{connection}}] }"""));

        Assert.Equal((path, code), (error.Field, error.Code));
    }

    [Fact]
    public void Two_connections_of_one_name_are_refused()
    {
        var error = Assert.Single(Check($$"""{ "site_connections": [{{Good}}, {{Good}}] }"""));

        Assert.Equal(("site_connections", "invalid"), (error.Field, error.Code));
    }

    private static IReadOnlyList<Validation.FieldError> Check(string config) =>
        new StrongswanServiceConfig().Check(ServiceType.Vpn, JsonDocument.Parse(config).RootElement);
}
