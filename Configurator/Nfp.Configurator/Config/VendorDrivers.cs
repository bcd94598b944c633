using Nfp.Hosting.Plugins;
using Nfp.Schema.Drivers;

namespace Nfp.Configurator.Config;

/// <summary>The vendor drivers named in configuration (<c>VendorDrivers:{vendor}</c>), built once at start by <see cref="DriverPlugins"/>.</summary>
internal sealed class VendorDrivers
{
    public const string Section = "VendorDrivers";

    private readonly Dictionary<string, IVendorDriver> _byVendor;

    public VendorDrivers(IConfiguration configuration, IServiceProvider services) =>
        _byVendor = configuration.GetSection(Section).GetChildren()
            .ToDictionary(entry => entry.Key, entry => DriverPlugins.Create<IVendorDriver>(entry, services), StringComparer.Ordinal);

    public IVendorDriver? Find(string vendor) => _byVendor.GetValueOrDefault(vendor);
}
