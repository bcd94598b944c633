using Nfp.Hosting;
using Nfp.ConfiguratorProxy;

// nfp-configurator-proxy agent|proxy [configuration…]: one of the two daemons (ConfiguratorProxyRegistration).
if (args is not ["agent" or "proxy", ..])
{
    Console.Error.WriteLine("usage: nfp-configurator-proxy agent|proxy [--Section:Key=value …]");
    return 2;
}
var builder = NfpHost.CreateBuilder(args[1..]);
if (args[0] == "agent")
{
    builder.AddConfiguratorAgent();
}
else
{
    builder.AddConfiguratorProxy();
}
await builder.Build().RunAsync();
return 0;
