using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Nfp.Bench.NoAuth;

namespace Nfp.Bench.Lists;

/// <summary>
/// <c>--measure rest</c>: the manager as a published process on a database of its own, seeded with
/// <see cref="ServiceRows"/> (10 000 by default); then <c>GET /v1/network_services?limit=100</c> with an
/// admin's token and with a member's token of the largest tenant, each beside the same request without a
/// token (<see cref="BenchCaller"/>), the four in turn, one at a time on one kept-alive connection; then, when
/// <c>--cli</c> names them, <c>nfp service list</c> and <c>show</c> run as processes (<see cref="CliTimings"/>).
/// </summary>
internal sealed class RestBench(ListBenchOptions options)
{
    /// <summary>Calls per path before the timed ones: enough for the manager to have compiled the route's code at its final tier.</summary>
    private const int Warmup = 300;
    private const double TargetRatio = 1.2;

    public async Task<int> RunAsync(string arguments, CancellationToken cancellationToken)
    {
        await using var stack = new BenchStack("nr");
        var admin = System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var settings = new Dictionary<string, string>(BenchCaller.ManagerSettings())
        {
            ["Auth__BootstrapTokenSha256"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(admin))),
        };
        await stack.StartManagerAsync(options.ManagerPath, settings, cancellationToken);
        Console.WriteLine($"# nfp-bench-lists {arguments}");
        Console.WriteLine($"run {stack.RunId}; {Environment.ProcessorCount} CPUs; load average {LoadAverage.Now()}");
        var rows = await ServiceRows.SeedAsync(stack.ManagerDatabase.ConnectionString, options.Rows, cancellationToken);
        Console.WriteLine($"seeded {rows.Rows} services ({rows.Live} not DELETED, {rows.Tenants} tenants; the largest has {rows.LargeTenantLive}) " +
                          $"in {rows.CopyTook.TotalSeconds:0.0} s, vacuumed and analyzed in {rows.VacuumTook.TotalSeconds:0.0} s");

        using var http = new HttpClient { BaseAddress = stack.ManagerUrl };
        var member = await MemberTokenAsync(http, admin, rows.LargeTenant, cancellationToken);
        var list = $"v1/network_services?limit={options.Limit}";
        RestPath[] paths =
        [
            new("admin token", list, "Authorization", $"Bearer {admin}"),
            new("no token, as an admin", list, BenchCaller.Header, "admin"),
            new("member token (the largest tenant)", list, "Authorization", $"Bearer {member}"),
            new("no token, as a member of the largest tenant", list, BenchCaller.Header, rows.LargeTenant.ToString()),
        ];
        await CheckAsync(http, paths, admin, rows.LargeTenant, cancellationToken);
        await MeasureAsync(http, paths, cancellationToken);

        Console.WriteLine();
        Console.WriteLine($"### GET /{list} on {rows.Rows} services, {options.Calls} calls per path after {Warmup} each, in turn (ms)");
        Console.WriteLine();
        Console.WriteLine("| path | p50 | p90 | p99 | max |");
        Console.WriteLine("| --- | --- | --- | --- | --- |");
        foreach (var path in paths)
        {
            Console.WriteLine($"| {path.Name} | {Stats.Median(path.Times):0.00} | {Stats.Percentile(path.Times, 90):0.00} | " +
                              $"{Stats.Percentile(path.Times, 99):0.00} | {path.Times.Max():0.00} |");
        }
        Console.WriteLine();
        foreach (var (token, none) in new[] { (paths[0], paths[1]), (paths[2], paths[3]) })
        {
            var ratio = Stats.Percentile(token.Times, 99) / Stats.Percentile(none.Times, 99);
            Console.WriteLine($"{token.Name}: p99 {ratio:0.000} × without (target ≤ {TargetRatio:0.0}: {(ratio <= TargetRatio ? "met" : "NOT met")}); " +
                              $"p50 {Stats.Median(token.Times) / Stats.Median(none.Times):0.000} ×, " +
                              $"+{Stats.Median(token.Times) - Stats.Median(none.Times):0.00} ms");
        }

        if (options.CliPaths.Count > 0)
        {
            var services = JsonDocument.Parse(paths[0].FirstAnswer!).RootElement.GetProperty("network_services");
            var shown = services[services.GetArrayLength() / 2].GetProperty("id").GetGuid();
            await CliTimings.RunAsync(options.CliPaths, stack.ManagerUrl, admin, shown, options.CliRuns, cancellationToken);
        }
        Console.WriteLine($"load average at the end {LoadAverage.Now()}");
        return 0;
    }

    /// <summary>A member's token of <paramref name="tenant"/>, made with the admin's as an operator makes one (POST /v1/tokens).</summary>
    private static async Task<string> MemberTokenAsync(HttpClient http, string admin, Guid tenant, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/tokens")
        {
            Content = JsonContent.Create(new { role = "member", tenant_id = tenant, name = "bench member" }),
        };
        request.Headers.Authorization = new("Bearer", admin);
        using var response = await http.SendAsync(request, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new BenchException($"POST /v1/tokens answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }
        return (await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("secret").GetString()!;
    }

    /// <summary>
    /// That the paths do the same work: each first answer a full page, a member's of its tenant only, and the
    /// same page with a token as without; and that the bench's header opens nothing else: no header is a 401,
    /// and so is a wrong token sent with the header.
    /// </summary>
    private async Task CheckAsync(HttpClient http, RestPath[] paths, string admin, Guid tenant, CancellationToken cancellationToken)
    {
        foreach (var path in paths)
        {
            path.FirstAnswer = await path.CallAsync(http, cancellationToken);
            var services = JsonDocument.Parse(path.FirstAnswer).RootElement.GetProperty("network_services");
            var ofTenant = services.EnumerateArray().All(s => s.GetProperty("tenant_id").GetGuid() == tenant);
            if (services.GetArrayLength() != options.Limit || (path.Name.Contains("member", StringComparison.Ordinal) && !ofTenant))
            {
                throw new BenchException($"{path.Name}: not a full page{(ofTenant ? "" : " of the tenant")}.");
            }
        }
        if (paths[0].FirstAnswer != paths[1].FirstAnswer || paths[2].FirstAnswer != paths[3].FirstAnswer)
        {
            throw new BenchException("A page without a token is not the page with one.");
        }
        using var bare = new HttpRequestMessage(HttpMethod.Get, paths[0].Path);
        using var wrongToken = new HttpRequestMessage(HttpMethod.Get, paths[0].Path);
        wrongToken.Headers.Authorization = new("Bearer", $"x{admin}");
        wrongToken.Headers.Add(BenchCaller.Header, "admin");
        foreach (var (request, what) in new[] { (bare, "without a token or the bench's header"), (wrongToken, "with a wrong token and the bench's header") })
        {
            using var response = await http.SendAsync(request, cancellationToken);
            if (response.StatusCode != HttpStatusCode.Unauthorized)
            {
                throw new BenchException($"A request {what} was answered {(int)response.StatusCode}, not 401.");
            }
        }
    }

    /// <summary>Every path called <see cref="Warmup"/> times, then <see cref="ListBenchOptions.Calls"/> timed calls each: the paths in turn, each round starting one further on.</summary>
    private async Task MeasureAsync(HttpClient http, RestPath[] paths, CancellationToken cancellationToken)
    {
        for (var i = 0; i < Warmup + options.Calls; i++)
        {
            for (var k = 0; k < paths.Length; k++)
            {
                var path = paths[(i + k) % paths.Length];
                var clock = Stopwatch.StartNew();
                await path.CallAsync(http, cancellationToken);
                if (i >= Warmup)
                {
                    path.Times.Add(clock.Elapsed.TotalMilliseconds);
                }
            }
        }
    }

    /// <summary>A GET with one header: the caller's token, or the bench's caller without one.</summary>
    private sealed record RestPath(string Name, string Path, string Header, string Value)
    {
        public List<double> Times { get; } = [];

        public string? FirstAnswer { get; set; }

        /// <summary>The answer's body, read whole.</summary>
        /// <exception cref="BenchException">Any answer but 200.</exception>
        public async Task<string> CallAsync(HttpClient http, CancellationToken cancellationToken)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, Path);
            request.Headers.TryAddWithoutValidation(Header, Value);
            using var response = await http.SendAsync(request, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            return response.StatusCode == HttpStatusCode.OK ? body : throw new BenchException($"{Name}: {(int)response.StatusCode} {body}");
        }
    }
}
