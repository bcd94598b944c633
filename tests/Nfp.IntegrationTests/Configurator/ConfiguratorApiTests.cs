using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Nfp.IntegrationTests.Fixtures;
using Nfp.Schema.Configurator;
using Nfp.Schema.Json;
using Nfp.Schema.Resources;
using static Nfp.IntegrationTests.Fixtures.RecordingVendorDriver;

namespace Nfp.IntegrationTests.Configurator;

/// <summary>
/// The configurator's REST methods: each call is checked whole before anything is applied, carried out
/// by the vendor driver of its vendor (a plugin), and answered by a notification that get_notifications drains.
/// </summary>
public sealed class ConfiguratorApiTests(ConfiguratorServer configurator) : IClassFixture<ConfiguratorServer>
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Create_nsd_config_applies_each_resource_through_the_vendor_driver_and_notifies_success()
    {
        var request = Request(ServiceType.Loadbalancer,
            Resource(ConfigResourceKind.Interfaces, new { MgmtIpAddress = "10.1.0.5", Interfaces = new[] { new { Network = "provider" } } }),
            Resource(ConfigResourceKind.Routes, new { MgmtIpAddress = "10.1.0.5", Routes = Array.Empty<string>() }));

        var response = await configurator.CallAsync(ConfiguratorMethod.CreateNsdConfig, request);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var answer = await configurator.NotificationAsync(request.Info.Context.NsdId, _ => true, Soon);
        Assert.Equal((NotificationType.NsdConfigNotification, ConfiguratorMethod.CreateNsdConfig, ConfigResult.Success),
            (answer.Notification, answer.Method, answer.Result));
        Assert.Equal(request.Info.Context, answer.Context);
        var applied = AppliedTo(request.Info.Context.NsdId);
        Assert.Equal([ConfigResourceKind.Interfaces, ConfigResourceKind.Routes], applied.Select(c => c.Resource.Resource));
        Assert.All(applied, change => Assert.Equal(("10.1.0.5", false), (change.MgmtIpAddress, change.Removing)));
    }

    [Fact]
    public async Task Delete_network_service_config_takes_the_resource_away()
    {
        var request = Request(ServiceType.Firewall, Resource(ConfigResourceKind.Firewall, new { MgmtIpAddress = "10.1.0.6", Rules = Array.Empty<string>() }));

        Assert.Equal(HttpStatusCode.Accepted, (await configurator.CallAsync(ConfiguratorMethod.DeleteNetworkServiceConfig, request)).StatusCode);

        var answer = await configurator.NotificationAsync(request.Info.Context.NsdId, _ => true, Soon);
        Assert.Equal((ConfiguratorMethod.DeleteNetworkServiceConfig, ConfigResult.Success), (answer.Method, answer.Result));
        Assert.True(Assert.Single(AppliedTo(request.Info.Context.NsdId)).Removing);
    }

    [Fact]
    public async Task A_change_the_device_refuses_is_a_failure_notification_with_the_reason()
    {
        var request = Request(ServiceType.Loadbalancer, Resource(ConfigResourceKind.Loadbalancer, new { MgmtIpAddress = "10.1.0.7", FailWith = "haproxy -c: bad bind" }));

        Assert.Equal(HttpStatusCode.Accepted, (await configurator.CallAsync(ConfiguratorMethod.CreateNetworkServiceConfig, request)).StatusCode);

        var answer = await configurator.NotificationAsync(request.Info.Context.NsdId, _ => true, Soon);
        Assert.Equal((ConfigResult.Failure, "haproxy -c: bad bind"), (answer.Result, answer.Reason));
    }

    [Fact]
    public async Task A_caller_without_the_proxys_certificate_is_401_problem_on_every_route_but_healthz_and_changes_nothing()
    {
        var request = Request(ServiceType.Loadbalancer, Resource(ConfigResourceKind.Routes, new { MgmtIpAddress = "10.1.0.9" }));

        var call = await configurator.Anonymous.PostAsJsonAsync("/v1/nfp/create_nsd_config", request, NfpJson.Options);
        var pull = await configurator.Anonymous.GetAsync(new Uri("/v1/nfp/get_notifications", UriKind.Relative));
        var health = await configurator.Anonymous.GetAsync(new Uri("/healthz", UriKind.Relative));

        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.OK), (call.StatusCode, pull.StatusCode, health.StatusCode));
        Assert.Equal("application/problem+json", call.Content.Headers.ContentType?.MediaType);
        Assert.Equal(401, JsonDocument.Parse(await pull.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetInt32());
        await Task.Delay(300);
        Assert.Empty(AppliedTo(request.Info.Context.NsdId));
    }

    public static TheoryData<string, object, string, string> BadResources => new()
    {
        { "loadbalancer", new { MgmtIpAddress = "10.1.0.8", Members = new[] { new { Address = "10.2.0.300", Port = 80 } } }, "config[1].resource_data.members[0].address", "malformed" },
        { "loadbalancer", new { MgmtIpAddress = "10.1.0.8", Members = new[] { new { Address = "10.2.0.3", Port = 70000 } } }, "config[1].resource_data.members[0].port", "out_of_range" },
        { "loadbalancer", new { Members = Array.Empty<object>() }, "config[1].resource_data.mgmt_ip_address", "required" },
        { "firewall", new { MgmtIpAddress = "10.1.0.8" }, "config[1].resource", "unknown_value" },
        { "vpn", new { MgmtIpAddress = "10.1.0.8" }, "config[1].resource", "unknown_value" },
        { "healthmonitor", new { MgmtIpAddress = "10.1.0.8", Periodicity = "forever" }, "config[1].resource", "unknown_value" },
    };

    [Theory]
    [MemberData(nameof(BadResources))]
    public async Task A_bad_resource_refuses_the_whole_call_naming_the_field_and_applies_nothing(string kind, object data, string field, string code)
    {
        var good = Resource(ConfigResourceKind.Routes, new { MgmtIpAddress = "10.1.0.8" });
        var request = Request(ServiceType.Loadbalancer, good, Resource(Schema.Json.NfpJson.ParseWireName<ConfigResourceKind>(kind), data));

        var response = await configurator.CallAsync(ConfiguratorMethod.CreateNetworkServiceConfig, request);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, field, code);
        await Task.Delay(300);
        Assert.Empty(AppliedTo(request.Info.Context.NsdId));
        Assert.DoesNotContain(await configurator.DrainAsync(), n => n.Context.NsdId == request.Info.Context.NsdId);
    }

    [Fact]
    public async Task An_unknown_vendor_is_refused_naming_info_service_vendor()
    {
        var request = Request(ServiceType.Loadbalancer, Resource(ConfigResourceKind.Routes, new { MgmtIpAddress = "10.1.0.9" }));
        request = request with { Info = request.Info with { ServiceVendor = "nobody" } };

        await AssertProblemAsync(await configurator.CallAsync(ConfiguratorMethod.CreateNsdConfig, request), HttpStatusCode.BadRequest,
            "info.service_vendor", "unknown_value");
    }

    [Fact]
    public async Task A_body_that_is_not_a_config_request_and_an_unknown_method_are_refused()
    {
        var malformed = await configurator.Http.PostAsync("/v1/nfp/create_nsd_config", new StringContent("{\"info\": 5}", System.Text.Encoding.UTF8, "application/json"));
        await AssertProblemAsync(malformed, HttpStatusCode.BadRequest, "info", "malformed");

        var unknown = await configurator.Http.PostAsync("/v1/nfp/reboot_everything", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Get_notifications_with_a_wait_answers_when_the_next_notification_is_made_or_the_wait_is_over()
    {
        await configurator.DrainAsync();
        var idle = Stopwatch.StartNew();
        Assert.Empty(await configurator.DrainAsync(waitMilliseconds: 400));
        Assert.True(idle.Elapsed >= TimeSpan.FromMilliseconds(380), $"an empty pull answered after {idle.Elapsed}, before its 400 ms wait");

        var pull = configurator.DrainAsync(waitMilliseconds: 3000);
        await Task.Delay(TimeSpan.FromMilliseconds(300));
        Assert.False(pull.IsCompleted, "a pull with nothing pending answered before its wait");
        var request = Request(ServiceType.Loadbalancer, Resource(ConfigResourceKind.Routes, new { MgmtIpAddress = "10.1.0.8", Routes = Array.Empty<string>() }));
        var made = Stopwatch.StartNew();
        Assert.Equal(HttpStatusCode.Accepted, (await configurator.CallAsync(ConfiguratorMethod.CreateNsdConfig, request)).StatusCode);

        var answer = Assert.Single(await pull);
        Assert.Equal((request.Info.Context, ConfigResult.Success), (answer.Context, answer.Result));
        Assert.True(made.Elapsed < TimeSpan.FromMilliseconds(2000), $"the waiting pull answered {made.Elapsed} after the call, not when its answer was made");
    }

    [Theory]
    [InlineData("3001", "out_of_range")]
    [InlineData("soon", "malformed")]
    [InlineData("-5", "malformed")]
    public async Task A_bad_wait_is_refused_and_drains_nothing(string wait, string code)
    {
        await configurator.DrainAsync();
        var request = await RoutesCallAcceptedAsync("10.1.0.9");
        await Eventually.HoldsAsync(() => Task.FromResult(AppliedTo(request.Info.Context.NsdId).Count == 1), Soon, "the call applied");
        await Task.Delay(TimeSpan.FromMilliseconds(300)); // its notification follows the apply

        await AssertProblemAsync(await configurator.Http.GetAsync($"/v1/nfp/get_notifications?wait_milliseconds={wait}"), HttpStatusCode.BadRequest,
            "wait_milliseconds", code);

        Assert.Equal(request.Info.Context, (await configurator.NotificationAsync(request.Info.Context.NsdId, _ => true, Soon)).Context);
    }

    [Fact]
    public async Task An_acknowledging_pull_keeps_what_it_is_answered_with_until_a_pull_of_the_same_configurator_acknowledges_it()
    {
        await configurator.DrainAsync();
        var request = await RoutesCallAcceptedAsync("10.1.0.10");

        var first = await PullAsync("acknowledged=0&wait_milliseconds=3000");
        var again = await PullAsync($"acknowledged=0&configurator_instance={first.ConfiguratorInstance}");
        var ofAnother = await PullAsync($"acknowledged={first.Last}&configurator_instance={Guid.NewGuid()}");
        var acknowledged = await PullAsync($"acknowledged={first.Last}&configurator_instance={first.ConfiguratorInstance}");

        Assert.Equal(request.Info.Context, Assert.Single(first.Notifications).Context);
        Assert.Equal(first, again with { Notifications = first.Notifications });
        Assert.Equal(first.Notifications, again.Notifications);
        Assert.Equal(first.Notifications, ofAnother.Notifications);
        Assert.Empty(acknowledged.Notifications);
        Assert.Equal((first.ConfiguratorInstance, first.Last), (acknowledged.ConfiguratorInstance, acknowledged.Last));
        Assert.Empty(await configurator.DrainAsync());
    }

    [Theory]
    [InlineData("acknowledged=-1", "acknowledged")]
    [InlineData("acknowledged=soon", "acknowledged")]
    [InlineData("acknowledged=1&configurator_instance=configurator-1", "configurator_instance")]
    public async Task A_bad_acknowledgment_is_refused_and_drains_nothing(string query, string field)
    {
        await configurator.DrainAsync();
        var request = await RoutesCallAcceptedAsync("10.1.0.11");
        Assert.Equal(request.Info.Context, Assert.Single((await PullAsync("acknowledged=0&wait_milliseconds=3000")).Notifications).Context);

        await AssertProblemAsync(await configurator.Http.GetAsync($"/v1/nfp/get_notifications?{query}"), HttpStatusCode.BadRequest, field, "malformed");

        Assert.Equal(request.Info.Context, Assert.Single(await configurator.DrainAsync()).Context);
    }

    /// <summary>A create_nsd_config of one empty routes resource for the device at <paramref name="mgmtIpAddress"/>, accepted (202).</summary>
    private async Task<ConfigRequest> RoutesCallAcceptedAsync(string mgmtIpAddress)
    {
        var request = Request(ServiceType.Loadbalancer, Resource(ConfigResourceKind.Routes, new { MgmtIpAddress = mgmtIpAddress, Routes = Array.Empty<string>() }));
        Assert.Equal(HttpStatusCode.Accepted, (await configurator.CallAsync(ConfiguratorMethod.CreateNsdConfig, request)).StatusCode);
        return request;
    }

    private async Task<NotificationList> PullAsync(string query) =>
        (await configurator.Http.GetFromJsonAsync<NotificationList>($"/v1/nfp/get_notifications?{query}", NfpJson.Options))!;

    internal static ConfigRequest Request(ServiceType type, params ConfigResource[] config) =>
        new(new ConfigInfo(type, ConfiguratorServer.Vendor, new ConfigContext(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), "tests")), config);

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string field, string code)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(body.GetProperty("errors").EnumerateArray(),
            e => e.GetProperty("field").GetString() == field && e.GetProperty("code").GetString() == code);
    }
}
