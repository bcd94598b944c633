using System.Text.Json;
using System.Text.RegularExpressions;
using Nfp.Drivers.Vendors.Haproxy;
using Nfp.Drivers.Vendors.Iptables;
using Nfp.Drivers.Vendors.Strongswan;
using Nfp.Schema.Drivers;
using Nfp.Schema.Rpc;
using Nfp.Schema.Validation;

namespace Nfp.Schema.Tests;

/// <summary>
/// The create examples of docs/rpc.md ("Examples, one per shipped vendor") are requests the manager
/// takes: each reads as a valid CreateNetworkService, and its service_config passes its vendor's check.
/// (That their networks and addresses suit the demo's Pop is shown by the Python example in CI.)
/// </summary>
public partial class RpcDocExamplesTests
{
    private static readonly Dictionary<string, IServiceConfigSchema> Vendors = new()
    {
        ["haproxy"] = new HaproxyServiceConfig(),
        ["iptables"] = new IptablesServiceConfig(),
        ["strongswan"] = new StrongswanServiceConfig(),
    };

    [Fact]
    public void Every_create_example_is_a_valid_request_for_its_vendor()
    {
        var doc = File.ReadAllText(RepositoryFiles.PathOf("docs/rpc.md"));
        var section = doc[doc.IndexOf("### Examples, one per shipped vendor", StringComparison.Ordinal)..];
        section = section[..section.IndexOf("\n### ", 1, StringComparison.Ordinal)];

        var creates = JsonBlock().Matches(section).Select(m => m.Groups[1].Value).ToList();

        Assert.Equal(Vendors.Keys.Order(), creates.Select(c => JsonDocument.Parse(c).RootElement
            .GetProperty("service_profile").GetProperty("service_vendor").GetString()!).Order());
        foreach (var json in creates)
        {
            var read = Contracts.Read<CreateNetworkService>(json);
            Assert.True(read.IsValid, string.Join("; ", read.Errors));
            var create = read.Value!;
            Assert.Empty(Vendors[create.ServiceProfile.ServiceVendor].Check(create.ServiceProfile.ServiceType, create.ServiceConfig!.Value));
        }
    }

    [GeneratedRegex("```json\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex JsonBlock();
}
