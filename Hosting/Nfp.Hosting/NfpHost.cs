using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;

namespace Nfp.Hosting;

/// <summary>
/// How every NFP daemon starts its host. The content root is the daemon's own folder, not the folder it
/// was started from, so its <c>appsettings.json</c> (log levels, defaults) is read wherever an operator or
/// deploy/up.sh starts it; configuration from the environment and the command line still overrides it.
/// </summary>
public static class NfpHost
{
    /// <summary>A web daemon's builder (the manager, the configurator, popd).</summary>
    public static WebApplicationBuilder CreateWebBuilder(string[] args) =>
        WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });

    /// <summary>A daemon without HTTP (the configurator proxy and its agent).</summary>
    public static HostApplicationBuilder CreateBuilder(string[] args) =>
        Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
}
