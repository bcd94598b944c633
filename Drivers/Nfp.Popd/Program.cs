using Nfp.Hosting;
using Nfp.Popd;
using Nfp.Popd.Configuration;

if (args is ["init", .. var initArgs])
{
    return PopdInit.Run(initArgs, Console.IsInputRedirected ? Console.In : TextReader.Null, Console.Out, Console.Error);
}

var builder = NfpHost.CreateWebBuilder(args);
builder.AddPopd(args);

var app = builder.Build();
app.MapPop();
app.Run();
return 0;
