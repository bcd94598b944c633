using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Nfp.IntegrationTests.Fixtures;

/// <summary>Serves an app under test on Kestrel, on a free loopback port.</summary>
public static class KestrelOnLoopback
{
    /// <summary>
    /// Not <c>UseKestrel(0)</c>: on a factory made by <c>WithWebHostBuilder</c> that port is applied by the
    /// parent factory, which was given none, so the app listened on Kestrel's default, localhost:5000 — one
    /// port for every such fixture of every test run on the machine. An endpoint of Kestrel's own options
    /// is applied by the factory that has them.
    /// </summary>
    public static void UseKestrelOnLoopback<TEntryPoint>(this WebApplicationFactory<TEntryPoint> factory) where TEntryPoint : class =>
        factory.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
}
