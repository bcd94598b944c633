namespace Nfp.Schema.Validation;

/// <summary>
/// The largest strings and lists NFP accepts. They bound what one request can make the manager store
/// or send on; the column types in the migrations do not depend on them.
/// </summary>
public static class Limits
{
    public const int Name = 255;
    public const int Description = 1024;
    public const int Vendor = 64;
    public const int ServiceConfig = 64 * 1024;
    public const int StatusDescription = 4096;
    public const int PortInfo = 16;
    public const int PolicyTargets = 256;
    public const int Cidrs = 64;
    public const int ChainParameters = 64;
    public const int ChainParameterValue = 4096;
    public const int ConfigResources = 64;
    public const int Routes = 64;
    public const int MinPort = 1;
    public const int MaxPort = 65535;
    public const int PageSize = 1000;

    /// <summary>A health monitor's probe spacing (<c>interval_ms</c>) and failures in a row before unreachable.</summary>
    public static readonly (int Min, int Max) HealthmonitorIntervalMs = (50, 60_000);
    public static readonly (int Min, int Max) HealthmonitorFailures = (1, 100);

    /// <summary>A VRRP advertisement interval (<c>advert_interval_ms</c>): VRRPv3 counts centiseconds, up to 40.95 s.</summary>
    public static readonly (int Min, int Max) VrrpAdvertIntervalMs = (100, 40_950);

    /// <summary>The longest a get_notifications may wait for a notification: inside the agent's 4 s call and the manager's 5 s wait.</summary>
    public const int NotificationWaitMilliseconds = 3000;
}
