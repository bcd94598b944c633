namespace Nfp.NetworkServiceManager.Rpc;

public static class RpcRegistration
{
    /// <summary>
    /// What the node-driver RPC consumers share. The consumers themselves, each with its queue, are found
    /// by the bus (<c>AddNfpMessaging</c>).
    /// </summary>
    public static IHostApplicationBuilder AddNfpRpc(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<RpcAnswers>();
        builder.Services.AddScoped<ServiceWrites>();
        builder.Services.AddScoped<FailoverWrites>();
        return builder;
    }
}
