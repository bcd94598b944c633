namespace Nfp.Drivers.Pop;

/// <summary>
/// The Pop driver's settings (<c>LifecycleDrivers:{vendor}:Settings</c>): which popd, as whom, which image
/// renders each service type, the service management network, and what a device may do and hold.
/// </summary>
public sealed class PopDriverSettings
{
    /// <summary>popd's address, e.g. <c>http://127.0.0.1:60000</c> or <c>unix:/run/nfp/popd.sock</c>.</summary>
    public string Address { get; set; } = "";

    public string Username { get; set; } = "";

    /// <summary>Never logged; set it from the environment (<c>LifecycleDrivers__{vendor}__Settings__Password</c>).</summary>
    public string Password { get; set; } = "";

    /// <summary>The image of a device, and per service type (wire name) where they differ.</summary>
    public string Image { get; set; } = "nfp/base:latest";

    public Dictionary<string, string> Images { get; set; } = [];

    /// <summary>The Pop network of the devices' management interfaces; empty: popd's default network.</summary>
    public string ManagementNetwork { get; set; } = "";

    /// <summary>Data interfaces a device takes, and whether devices of this driver may be shared at all.</summary>
    public int MaxInterfaces { get; set; } = 8;

    public bool Shareable { get; set; } = true;

    /// <summary>Capabilities a device runs with: a network function needs NET_ADMIN to set up its interfaces, routes and filters.</summary>
    public List<string> CapAdd { get; set; } = ["NET_ADMIN"];

    /// <summary>A device's memory limit in bytes; 0: none.</summary>
    public long MemoryBytes { get; set; }

    /// <summary>
    /// The secret each device's agent password is made from (<see cref="Nfp.Schema.Drivers.DeviceCredentials"/>):
    /// a device starts with its own password in the file <c>/run/secrets/NFP_AGENT_PASSWORD</c> (Pop secret metadata)
    /// and its id as <c>NFP_DEVICE_ID</c>; empty:
    /// neither (a device image without the agent). Never logged; set it from the environment
    /// (<c>LifecycleDrivers__{vendor}__Settings__AgentSecret</c>), the same as the configurator's vendor drivers'.
    /// </summary>
    public string AgentSecret { get; set; } = "";

    /// <summary>
    /// How often the active device of an active-standby pair advertises (VRRPv3, in tens of ms); its standby
    /// takes over after about three silent intervals: 300 ms gives about a second.
    /// </summary>
    public int VrrpAdvertIntervalMs { get; set; } = 300;

    /// <summary>More environment a device starts with (Pop metadata, set before Start).</summary>
    public Dictionary<string, string> Environment { get; set; } = [];
}
