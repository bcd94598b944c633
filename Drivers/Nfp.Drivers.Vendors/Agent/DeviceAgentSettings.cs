namespace Nfp.Drivers.Vendors.Agent;

/// <summary>
/// How a vendor driver reaches its devices' agent (<c>VendorDrivers:{vendor}:Settings</c>): port 8480 on
/// the device's management address, as <see cref="Username"/> with <see cref="Password"/> — the
/// <c>NFP_AGENT_PASSWORD</c> the device was started with (the lifecycle driver's <c>Environment</c>).
/// </summary>
public sealed class DeviceAgentSettings
{
    public int Port { get; set; } = 8480;

    public string Username { get; set; } = "nfp";

    /// <summary>Never logged; set it from the environment (<c>VendorDrivers__{vendor}__Settings__Password</c>).</summary>
    public string Password { get; set; } = "";

    /// <summary>
    /// How long an apply waits for an agent that does not take connections yet: a device is ACTIVE once its
    /// container runs, a moment before its agent listens (longer on a busy host).
    /// </summary>
    public int AgentStartSeconds { get; set; } = 30;
}
