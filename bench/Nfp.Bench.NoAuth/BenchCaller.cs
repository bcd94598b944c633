namespace Nfp.Bench.NoAuth;

/// <summary>
/// How a bench loads this assembly into the published manager, and names a caller without a token. The
/// manager is not rebuilt and has no switch for it: the runtime loads the assembly as a startup hook, and
/// ASP.NET Core runs its <see cref="BenchCallerStartup"/> as a hosting startup.
/// </summary>
public static class BenchCaller
{
    /// <summary>The request header that names the caller of a request without a token: <c>admin</c>, or a tenant's id for a member of it.</summary>
    public const string Header = BenchCallerAuthentication.Header;

    /// <summary>The manager's environment that loads this assembly into it.</summary>
    public static IReadOnlyDictionary<string, string> ManagerSettings() => new Dictionary<string, string>
    {
        ["DOTNET_STARTUP_HOOKS"] = typeof(BenchCaller).Assembly.Location,
        ["ASPNETCORE_HOSTINGSTARTUPASSEMBLIES"] = typeof(BenchCaller).Assembly.GetName().Name!,
    };
}
