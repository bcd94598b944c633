using Nfp.Popd;

var builder = WebApplication.CreateBuilder(args);
builder.AddPopd(args);

var app = builder.Build();
app.MapPop();
app.Run();
