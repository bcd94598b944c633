using System.Net;
using System.Security.Cryptography.X509Certificates;
using Dapper;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using Nfp.Popd.Api;
using Nfp.Popd.Auth;
using Nfp.Popd.Configuration;
using Nfp.Popd.Containers;
using Nfp.Popd.Engine;
using Nfp.Popd.Networking;
using Nfp.Popd.State;
using Npgsql;

namespace Nfp.Popd;

public static class PopdRegistration
{
    /// <summary>
    /// popd: settings (section <c>Popd</c>, <c>--listen</c>, users from <c>POPD_AUTH</c>), PostgreSQL
    /// (<c>ConnectionStrings:Postgres</c>), the Docker engine, and the Pop gRPC service on the listen address.
    /// </summary>
    public static WebApplicationBuilder AddPopd(this WebApplicationBuilder builder, string[] args)
    {
        // Defaults < the TOML file < environment < command line.
        var switches = new Dictionary<string, string> { ["--listen"] = $"{PopdOptions.Section}:Listen", ["--config"] = "ConfigFile" };
        var configFile = new ConfigurationBuilder().AddCommandLine(args, switches).Build()["ConfigFile"]
            ?? (File.Exists(TomlConfiguration.DefaultPath) ? TomlConfiguration.DefaultPath : null);
        if (configFile is not null)
        {
            builder.Configuration.AddPopdToml(configFile);
        }
        builder.Configuration.AddEnvironmentVariables();
        builder.Configuration.AddCommandLine(args, switches);
        var connectionString = Nfp.Hosting.NfpConnectionStrings.Required(builder.Configuration, "Postgres");

        builder.Services.AddOptions<PopdOptions>()
            .Bind(builder.Configuration.GetSection(PopdOptions.Section), binder => binder.ErrorOnUnknownConfiguration = true)
            .PostConfigure(options =>
            {
                if (Environment.GetEnvironmentVariable(PopdAuthEnvironment.Variable) is { Length: > 0 } auth)
                {
                    options.Users.AddRange(PopdAuthEnvironment.Parse(auth));
                }
            })
            .Validate(options => options.Users.Count > 0, $"No users: set {PopdAuthEnvironment.Variable}=user:password or configure Popd:Users.")
            .Validate(options => options.DefaultNetworkSubnet.Length == 0
                    || (Schema.Validation.NetworkText.IsCidr(options.DefaultNetworkSubnet) && !options.DefaultNetworkSubnet.Contains(':', StringComparison.Ordinal)),
                "Popd:DefaultNetworkSubnet must be an IPv4 network such as 10.200.0.0/24 (host bits zero), or empty.")
            .ValidateDataAnnotations()
            .ValidateOnStart();

        // The state's columns are the snake_case of the row records' names.
        DefaultTypeMap.MatchNamesWithUnderscores = true;
        // A bounded pool: a burst of requests waits for a connection instead of exhausting the server's.
        builder.Services.AddSingleton(services => NpgsqlDataSource.Create(Nfp.Hosting.NfpConnectionStrings.Postgres(
            builder.Configuration, services.GetRequiredService<IOptions<PopdOptions>>().Value.MaxDatabaseConnections, "nfp-popd")));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(services => new DockerEngine(DockerEngine.Connect(services.GetRequiredService<IOptions<PopdOptions>>().Value.DockerHost)));
        builder.Services.AddSingleton<PopStore>();
        builder.Services.AddSingleton<TokenStore>();
        builder.Services.AddSingleton<Authenticator>();
        builder.Services.AddSingleton<LoginThrottle>();
        builder.Services.AddSingleton<ContainerLocks>();
        builder.Services.AddSingleton<Secrets.SecretMetadata>();
        builder.Services.AddSingleton<ContainerLifecycle>();
        builder.Services.AddSingleton<PopNetworks>();
        builder.Services.AddSingleton<ContainerEvents>();
        builder.Services.AddSingleton<ContainerNetworking>();
        // In this order: the schema and default network first, then the watcher reconciles and follows Docker.
        builder.Services.AddHostedService(services => new PopdStartup(connectionString, services.GetRequiredService<PopNetworks>()));
        builder.Services.AddHostedService<ContainerWatcher>();
        builder.Services.AddGrpc(grpc =>
        {
            grpc.Interceptors.Add<TokenInterceptor>();
            grpc.Interceptors.Add<NulTextInterceptor>();
            grpc.Interceptors.Add<DockerErrorInterceptor>();
            // Exception messages reach the caller only in development (tests); in production they may say too much.
            grpc.EnableDetailedErrors = builder.Environment.IsDevelopment();
        });

        var listen = builder.Configuration[$"{PopdOptions.Section}:Listen"] ?? new PopdOptions().Listen;
        var tls = builder.Configuration.GetSection($"{PopdOptions.Section}:Tls").Get<PopdTls>();
        builder.WebHost.ConfigureKestrel(kestrel => Listen(kestrel, listen, tls));
        return builder;
    }

    public static WebApplication MapPop(this WebApplication app)
    {
        app.MapGrpcService<PopService>();
        return app;
    }

    /// <summary><c>HOST:PORT</c> or <c>unix:PATH</c>, HTTP/2 over TLS when a certificate is configured, else h2c.</summary>
    private static void Listen(KestrelServerOptions kestrel, string listen, PopdTls? tls)
    {
        void Http2(ListenOptions endpoint)
        {
            endpoint.Protocols = HttpProtocols.Http2;
            if (tls is { Certificate.Length: > 0 })
            {
                endpoint.UseHttps(X509Certificate2.CreateFromPemFile(tls.Certificate, tls.Key));
            }
        }

        if (listen.StartsWith("unix:", StringComparison.Ordinal))
        {
            var path = listen["unix:".Length..];
            File.Delete(path);
            kestrel.ListenUnixSocket(path, Http2);
            return;
        }
        if (!IPEndPoint.TryParse(listen, out var endpoint) || endpoint.Port == 0)
        {
            throw new InvalidOperationException($"--listen '{listen}' is neither HOST:PORT (an IP address and a port) nor unix:PATH.");
        }
        kestrel.Listen(endpoint, Http2);
    }
}
