using Nfp.NetworkServiceManager;
using Nfp.NetworkServiceManager.Api;

var builder = WebApplication.CreateBuilder(args);
builder.AddNetworkServiceManager();

var app = builder.Build();
app.MapNfpHealth();
app.Run();

/// <summary>The manager's entry point; public so that tests can host it (WebApplicationFactory).</summary>
public partial class Program;
