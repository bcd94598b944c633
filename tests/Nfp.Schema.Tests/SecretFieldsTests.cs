using System.Text.Json;
using Nfp.Drivers.Vendors.Strongswan;
using Nfp.Schema.Json;
using Nfp.Schema.Resources;

namespace Nfp.Schema.Tests;

/// <summary>Secret fields of a vendor's config (a VPN's pre-shared keys): redacted for views, restored from what is stored by name.</summary>
public class SecretFieldsTests
{
    private static readonly Type Vpn = typeof(VpnConfig);
    private static readonly string[] PeerCidrs = ["10.2.0.0/24"];
    private static readonly string[] LocalCidrs = ["10.1.0.0/24"];

    private static JsonElement Config(params (string Name, string Psk)[] connections) => JsonSerializer.SerializeToElement(new
    {
        site_connections = connections.Select(c => new { name = c.Name, peer_address = "192.0.2.9", psk = c.Psk, ike_policy = new { pfs = "group14" } }),
        routes = new[] { new { destination = "10.9.0.0/24", nexthop = "10.8.0.1" } },
    });

    [Fact]
    public void A_view_shows_the_placeholder_for_every_key_and_everything_else_as_it_was()
    {
        var redacted = SecretFields.Redacted(Config(("to-b", "key-b-12345"), ("to-c", "key-c-12345")), Vpn);

        Assert.Equal(Config(("to-b", SecretFields.Placeholder), ("to-c", SecretFields.Placeholder)).GetRawText(), redacted.GetRawText());
    }

    [Fact]
    public void A_placeholder_takes_the_key_stored_under_the_same_name_wherever_the_connection_moved()
    {
        var stored = Config(("to-b", "key-b-12345"), ("to-c", "key-c-12345"));

        var restored = SecretFields.Restored(Config(("to-c", SecretFields.Placeholder), ("to-d", "key-d-12345"), ("to-b", SecretFields.Placeholder)), stored, Vpn);

        Assert.Equal(Config(("to-c", "key-c-12345"), ("to-d", "key-d-12345"), ("to-b", "key-b-12345")).GetRawText(), restored.GetRawText());
        Assert.Empty(SecretFields.Placeholders(restored, Vpn));
    }

    [Fact]
    public void A_private_key_is_a_secret_and_the_certificates_are_shown_and_an_update_keeping_it_is_taken()
    {
        using var ca = new Nfp.IntegrationTests.Fixtures.TestCertificateAuthority("site-ca");
        var (certificate, key) = ca.Issue("CN=gw-a");
        JsonElement Signed(string privateKey) => JsonSerializer.SerializeToElement(new
        {
            site_connections = new[]
            {
                new
                {
                    name = "to-b", peer_address = "192.0.2.9", peer_cidrs = PeerCidrs, local_cidrs = LocalCidrs,
                    auth_mode = "certificate", certificate, private_key = privateKey, peer_ca_certificates = ca.CertificatePem,
                },
            },
        });

        var view = SecretFields.Redacted(Signed(key), Vpn);
        var update = SecretFields.Restored(view, Signed(key), Vpn);

        Assert.Equal(Signed(SecretFields.Placeholder).GetRawText(), view.GetRawText());
        Assert.Equal(Signed(key).GetRawText(), update.GetRawText());
        Assert.Empty(new StrongswanServiceConfig().Check(ServiceType.Vpn, update));
    }

    [Fact]
    public void A_field_given_twice_counts_once_with_its_last_value_as_the_config_is_read()
    {
        var config = JsonDocument.Parse("""{ "site_connections": [ { "name": "to-b", "psk": "first-key-123", "psk": "last-key-1234" } ] }""").RootElement;

        Assert.Equal($$"""{"site_connections":[{"name":"to-b","psk":"{{SecretFields.Placeholder}}"}]}""", SecretFields.Redacted(config, Vpn).GetRawText());
    }

    [Fact]
    public void A_placeholder_with_nothing_stored_behind_it_stays_and_is_named()
    {
        var restored = SecretFields.Restored(Config(("to-b", "key-b-12345"), ("to-x", SecretFields.Placeholder)), Config(("to-b", "old-key-12345")), Vpn);

        Assert.Equal(["site_connections[1].psk"], SecretFields.Placeholders(restored, Vpn));
        Assert.Contains(new StrongswanServiceConfig().Check(ServiceType.Vpn, restored), e => (e.Field, e.Code) == ("site_connections[1].psk", "invalid"));
    }
}
