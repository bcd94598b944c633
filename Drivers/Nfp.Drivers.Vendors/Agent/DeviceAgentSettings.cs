namespace Nfp.Drivers.Vendors.Agent;

/// <summary>
/// How a vendor driver reaches its devices' agent (<c>VendorDrivers:{vendor}:Settings</c>): port 8480 on
/// the device's management address, as each device's own user and password (<see cref="Nfp.Schema.Drivers.DeviceCredentials"/>),
/// worked out from <see cref="AgentSecret"/> — the secret the lifecycle driver made the device's password from.
/// </summary>
public sealed class DeviceAgentSettings
{
    public int Port { get; set; } = 8480;

    /// <summary>Never logged; set it from the environment (<c>VendorDrivers__{vendor}__Settings__AgentSecret</c>).</summary>
    public string AgentSecret { get; set; } = "";

    /// <summary>
    /// How long an apply waits for an agent that does not take connections yet: a device is ACTIVE once its
    /// container runs, a moment before its agent listens (longer on a busy host).
    /// </summary>
    public int AgentStartSeconds { get; set; } = 30;
}
