using Nfp.Hosting;
using Nfp.NetworkServiceManager;
using Nfp.NetworkServiceManager.Api;

var builder = NfpHost.CreateWebBuilder(args);
builder.AddNetworkServiceManager();

var app = builder.Build();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseAuthentication();
app.UseAuthorization();
app.MapNfpHealth();
app.MapNfpApiReference();
app.MapTokenViewsV1();
app.MapResourceViewsV1();
app.MapWriteViewsV1();
app.MapQuotaViewsV1();
app.Run();
