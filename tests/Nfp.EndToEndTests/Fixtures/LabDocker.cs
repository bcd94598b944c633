using Nfp.IntegrationTests.Fixtures;

namespace Nfp.EndToEndTests.Fixtures;

/// <summary>
/// The networks and containers of one lab of real devices, made with the docker CLI (the manager is not in
/// this picture), each named after the lab's <see cref="Prefix"/> and labelled with the lab, so that
/// <see cref="RemoveAsync"/> takes them all away. Devices have the device agent on the management network
/// (<see cref="DeviceAgent"/>), and whatever data networks a lab plugs them into.
/// </summary>
public sealed class LabDocker
{
    private readonly string _label = $"nfp.lab={Guid.NewGuid():N}";

    public string Prefix { get; } = $"lab{Guid.NewGuid():N}"[..9];

    /// <summary>A network of its own for <paramref name="role"/>, in a free test subnet.</summary>
    public async Task<(string Cidr, string Name)> NetworkAsync(string role)
    {
        var (cidr, _) = TestSubnets.Next();
        var name = $"{Prefix}-{role}";
        await DockerCli.RunAsync("network", "create", "--subnet", cidr, "--label", "nfp.test=1", "--label", _label, name);
        return (cidr, name);
    }

    /// <summary>A device of <paramref name="image"/>: its agent at host <paramref name="mgmtHost"/> of <paramref name="mgmt"/>, then plugged into each data network at its host.</summary>
    public async Task<Device> DeviceAsync(string role, string image, (string Cidr, string Name) mgmt, int mgmtHost,
        params ((string Cidr, string Name) Network, int Host)[] data)
    {
        var name = $"{Prefix}-{role}";
        var device = new Device(name, TestSubnets.Host(mgmt.Cidr, mgmtHost));
        await RunAsync(name, mgmt, device.MgmtIpAddress, ["--cap-add", "NET_ADMIN", .. DeviceAgent.Environment(device.NsdId)], image);
        foreach (var (network, host) in data)
        {
            await DockerCli.RunAsync("network", "connect", "--ip", TestSubnets.Host(network.Cidr, host), network.Name, name);
        }
        return device;
    }

    /// <summary>A container <paramref name="name"/> of <paramref name="image"/> at <paramref name="address"/> of <paramref name="network"/>.</summary>
    public async Task RunAsync(string name, (string Cidr, string Name) network, string address, string[] options, string image, params string[] command) =>
        await DockerCli.RunAsync(["run", "-d", "--name", name, "--network", network.Name, "--ip", address,
            "--label", "nfp.test=1", "--label", _label, .. options, image, .. command]);

    public Task RemoveAsync() => DockerCli.RemoveLabelledAsync(_label);
}
