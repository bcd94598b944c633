using Nfp.NetworkServiceManager;
using Nfp.NetworkServiceManager.Api;

var builder = WebApplication.CreateBuilder(args);
builder.AddNetworkServiceManager();

var app = builder.Build();
app.MapNfpHealth();
app.Run();
