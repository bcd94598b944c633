using System.Text.Json;
using System.Text.Json.Nodes;
using Nfp.Drivers.Vendors.Strongswan;
using Nfp.IntegrationTests.Fixtures;
using Nfp.Schema.Resources;

namespace Nfp.Schema.Tests;

/// <summary>The strongswan vendor's service_config as the manager checks it at the door: each fault named by its field.</summary>
public sealed class StrongswanServiceConfigTests : IDisposable
{
    private const string Good = """
        { "name": "to-b", "peer_address": "192.0.2.3", "peer_cidrs": ["10.2.0.0/24"], "local_cidrs": ["10.1.0.0/24"], "psk": "open-sesame-4711" }
        """;

    private readonly TestCertificateAuthority _ca = new("site-ca");
    private readonly TestCertificateAuthority _otherCa = new("other-ca");

    [Fact]
    public void A_connection_with_every_default_is_taken()
    {
        Assert.Empty(Check($$"""{ "site_connections": [{{Good}}] }"""));
        Assert.Empty(Check("""{ "site_connections": [] }"""));
    }

    [Theory]
    [InlineData("peer_address", "\"192.0.2.300\"", "site_connections[0].peer_address", "malformed")]
    [InlineData("peer_cidrs", "[\"10.2.0.1/24\"]", "site_connections[0].peer_cidrs[0]", "malformed")]
    [InlineData("local_cidrs", "[]", "site_connections[0].local_cidrs", "required")]
    [InlineData("psk", "\"short\"", "site_connections[0].psk", "out_of_range")]
    [InlineData("psk", "\"\"", "site_connections[0].psk", "required")]
    [InlineData("name", "\"to b\"", "site_connections[0].name", "malformed")]
    [InlineData("peer_id", "\"a\\\"b\"", "site_connections[0].peer_id", "malformed")]
    [InlineData("ike_policy", "{ \"encryption_algorithm\": \"3des\" }", "site_connections[0].ike_policy.encryption_algorithm", "unknown_value")]
    [InlineData("ike_policy", "{ \"ike_version\": \"v1\", \"encryption_algorithm\": \"aes-256-gcm-16\" }", "site_connections[0].ike_policy.encryption_algorithm", "invalid")]
    [InlineData("ipsec_policy", "{ \"lifetime_seconds\": 10 }", "site_connections[0].ipsec_policy.lifetime_seconds", "out_of_range")]
    [InlineData("dpd", "{ \"interval_seconds\": 30, \"timeout_seconds\": 30 }", "site_connections[0].dpd.timeout_seconds", "invalid")]
    [InlineData("initiator", "\"sometimes\"", "site_connections[0].initiator", "unknown_value")]
    [InlineData("auth_mode", "\"rsa\"", "site_connections[0].auth_mode", "unknown_value")]
    [InlineData("certificate", "\"-----BEGIN CERTIFICATE-----\"", "site_connections[0].certificate", "invalid")]
    public void A_bad_field_is_refused_by_name(string field, string value, string path, string code)
    {
        var error = Assert.Single(Check(Config(With(Good, (field, value)))));

        Assert.Equal((path, code), (error.Field, error.Code));
    }

    [Fact]
    public void A_connection_authenticated_by_certificates_is_taken()
    {
        Assert.Empty(Check(Config(CertificateConnection())));
        // Several CAs the peer's certificate may be issued by.
        Assert.Empty(Check(Config(With(CertificateConnection(), ("peer_ca_certificates", Quoted(_ca.CertificatePem + "\n" + _otherCa.CertificatePem))))));
    }

    [Theory]
    [InlineData("certificate", "", "required")]
    [InlineData("certificate", "not a certificate", "malformed")]
    [InlineData("certificate", "two", "malformed")]
    [InlineData("certificate", "expired", "out_of_range")]
    [InlineData("private_key", "", "required")]
    [InlineData("private_key", "another's", "invalid")]
    [InlineData("private_key", "encrypted", "malformed")]
    [InlineData("peer_ca_certificates", "", "required")]
    [InlineData("peer_ca_certificates", "a key", "malformed")]
    [InlineData("psk", "open-sesame-4711", "invalid")]
    public void A_bad_certificate_field_is_refused_by_name(string field, string fault, string code)
    {
        var (certificate, _) = _ca.Issue("CN=gw-a");
        var (expired, expiredKey) = _ca.Issue("CN=gw-a", expired: true);
        var (_, othersKey) = _ca.Issue("CN=gw-c");
        var value = fault switch
        {
            "two" => certificate + certificate,
            "expired" => expired,
            "another's" => othersKey,
            "encrypted" => "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIBvTBXBgkqhkiG9w0BBQ0wSjApBgkqhkiG9w0BBQwwHAQI\n-----END ENCRYPTED PRIVATE KEY-----\n",
            "a key" => othersKey,
            _ => fault,
        };
        var connection = With(CertificateConnection(), (field, Quoted(value)));
        if (fault == "expired")
        {
            connection = With(connection, ("private_key", Quoted(expiredKey)));
        }

        var error = Assert.Single(Check(Config(connection)));

        Assert.Equal(($"site_connections[0].{field}", code), (error.Field, error.Code));
    }

    [Fact]
    public void Two_connections_of_one_name_are_refused()
    {
        var error = Assert.Single(Check($$"""{ "site_connections": [{{Good}}, {{Good}}] }"""));

        Assert.Equal(("site_connections", "invalid"), (error.Field, error.Code));
    }

    public void Dispose()
    {
        _ca.Dispose();
        _otherCa.Dispose();
    }

    /// <summary>The good connection authenticated by a certificate of <see cref="_ca"/>, trusting its peer's of the same CA.</summary>
    private string CertificateConnection()
    {
        var (certificate, key) = _ca.Issue("CN=gw-a");
        return With(Good, ("psk", null), ("auth_mode", "\"certificate\""), ("certificate", Quoted(certificate)), ("private_key", Quoted(key)),
            ("peer_ca_certificates", Quoted(_ca.CertificatePem)), ("peer_id", "\"CN=gw-b\""));
    }

    /// <summary><paramref name="connection"/> with each field set to its JSON value (null: left out).</summary>
    private static string With(string connection, params (string Field, string? Json)[] fields)
    {
        var node = JsonNode.Parse(connection)!.AsObject();
        foreach (var (field, json) in fields)
        {
            node.Remove(field);
            if (json is not null)
            {
                node[field] = JsonNode.Parse(json);
            }
        }
        return node.ToJsonString();
    }

    private static string Quoted(string text) => JsonSerializer.Serialize(text);

    private static string Config(string connection) => $$"""{ "site_connections": [{{connection}}] }""";

    private static IReadOnlyList<Validation.FieldError> Check(string config) =>
        new StrongswanServiceConfig().Check(ServiceType.Vpn, JsonDocument.Parse(config).RootElement);
}
