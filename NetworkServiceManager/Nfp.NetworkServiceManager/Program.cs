using Nfp.NetworkServiceManager;
using Nfp.NetworkServiceManager.Api;

var builder = WebApplication.CreateBuilder(args);
builder.AddNetworkServiceManager();

var app = builder.Build();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.MapNfpHealth();
app.MapResourceViewsV1();
app.Run();
