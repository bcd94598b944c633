using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

[assembly: HostingStartup(typeof(Nfp.Bench.NoAuth.BenchCallerStartup))]

namespace Nfp.Bench.NoAuth;

/// <summary>
/// Adds <see cref="BenchCallerAuthentication"/> to the manager and has its bearer scheme forward to it a
/// request that carries no <c>Authorization</c> header but <see cref="BenchCallerAuthentication.Header"/>.
/// A request with a token is the product's, unchanged: the forward selector answers null for it.
/// </summary>
internal sealed class BenchCallerStartup : IHostingStartup
{
    /// <summary>The manager's bearer scheme (its BearerAuthentication.SchemeName).</summary>
    private const string BearerScheme = "Bearer";

    public void Configure(IWebHostBuilder builder) => builder.ConfigureServices(services =>
    {
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, BenchCallerAuthentication>(BenchCallerAuthentication.SchemeName, null);
        services.PostConfigure<AuthenticationSchemeOptions>(BearerScheme, options => options.ForwardDefaultSelector = context =>
            context.Request.Headers.Authorization.Count == 0 && context.Request.Headers.ContainsKey(BenchCallerAuthentication.Header)
                ? BenchCallerAuthentication.SchemeName
                : null);
    });
}
