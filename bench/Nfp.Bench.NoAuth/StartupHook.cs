// The runtime calls StartupHook.Initialize of each assembly in DOTNET_STARTUP_HOOKS before the manager's
// Main, and only a type of that name outside any namespace: it has nothing to do here. Being a startup hook
// loads this assembly into the manager, where ASPNETCORE_HOSTINGSTARTUPASSEMBLIES then finds it by name
// (the manager's deps.json does not list it).
#pragma warning disable CA1050 // The runtime looks for the type in the global namespace.
internal static class StartupHook
#pragma warning restore CA1050
{
    public static void Initialize()
    {
    }
}
