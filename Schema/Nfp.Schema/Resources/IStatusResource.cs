namespace Nfp.Schema.Resources;

/// <summary>A resource with the two statuses operators know from Octavia, and the reason for the latest.</summary>
public interface IStatusResource : IResource
{
    ProvisioningStatus ProvisioningStatus { get; }

    OperatingStatus OperatingStatus { get; }

    string StatusDescription { get; }
}
