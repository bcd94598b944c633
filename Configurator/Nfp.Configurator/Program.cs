using Nfp.Hosting;
using Nfp.Configurator;
using Nfp.Configurator.Api;

var builder = NfpHost.CreateWebBuilder(args);
builder.AddNfpConfigurator();

var app = builder.Build();
// The vendor drivers are built now, so that a misconfigured one stops the configurator at start.
app.Services.GetRequiredService<Nfp.Configurator.Config.VendorDrivers>();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.MapConfiguratorV1();
app.Run();
