using Nfp.Configurator;
using Nfp.Configurator.Api;

var builder = WebApplication.CreateBuilder(args);
builder.AddNfpConfigurator();

var app = builder.Build();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.MapConfiguratorV1();
app.Run();
